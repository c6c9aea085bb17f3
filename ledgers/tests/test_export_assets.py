from decimal import Decimal

from django.urls import reverse

from assets.tests.factories import make_asset
from ledgers.models import ImportRun

from .conftest import sheet_rows
from .test_export import export


def test_asset_ledgers_split_by_level_and_scope(client_for, county_user, cadre_a, regions):
    make_asset(regions["village_a"], name="冷链保鲜库", value="120000.00")
    make_asset(regions["village_c"], name="光伏电站")
    make_asset(regions["county"], name="产业园道路")
    village = sheet_rows(export(client_for(county_user), "assets_village").worksheets[0])
    header = village[1]
    assert header[:5] == ["资产编号", "资产名称", "所在区域", "所在区划代码", "项目名称"]
    assert sorted(r[1] for r in village[2:]) == ["光伏电站", "冷链保鲜库"]
    row = dict(zip(header, next(r for r in village[2:] if r[1] == "冷链保鲜库"), strict=True))
    assert (row["所在区域"], row["所在区划代码"], row["原值（元）"], row["权属类型"]) == (
        "建龙村",
        regions["village_a"].code,
        float(Decimal("120000.00")),
        "村集体",
    )
    assert row["中央财政衔接资金（元）"] == 120000.0 and row["区县财政衔接资金（元）"] is None
    county = sheet_rows(export(client_for(county_user), "assets_county").worksheets[0])
    assert [r[1] for r in county[2:]] == ["产业园道路"]
    own = sheet_rows(export(client_for(cadre_a), "assets_village").worksheets[0])
    assert [r[1] for r in own[2:]] == ["冷链保鲜库"]


def test_distribution_ledger_sample_row(client_for, county_user, cadre_b, regions):
    import datetime

    from assets.models import DistributionPlan

    asset = make_asset(regions["village_a"], name="冷链保鲜库")
    DistributionPlan.objects.create(
        asset=asset, year=2025, amount=Decimal("8000.00"), status=DistributionPlan.Status.DECIDED,
        meeting_on=datetime.date(2026, 1, 10), votes_for=30, votes_against=1, votes_abstain=2, created_by=county_user,
    )  # fmt: skip
    rows = sheet_rows(export(client_for(county_user), "distributions").worksheets[0])
    assert rows[1] == ["资产编号", "资产名称", "所在区域", "收益年度", "分配金额（元）", "分配方式", "状态", "会议日期",
                       "赞成票", "反对票", "弃权票", "公示日期"]  # fmt: skip
    assert rows[2][1:] == ["冷链保鲜库", "建龙村", 2025, 8000.0, "参加村内项目建设劳动分配", "已民主决策",
                           datetime.datetime(2026, 1, 10), 30, 1, 2, None]  # fmt: skip
    assert (
        len(sheet_rows(export(client_for(cadre_b), "distributions").worksheets[0])) == 2
    )  # other village: none


def test_an_exported_asset_ledger_imports_back_unchanged(client_for, county_user, regions):
    """Every column the import reads is in the ledger, under the import's header: a county can
    export its ledger, correct it in Excel and import it back."""
    import datetime

    from assets.choices import FundingSource
    from assets.tests.factories import make_project
    from ledgers.tests.test_import_assets import commit, upload

    project = make_project(regions["village_a"], year=2022, completed_on=datetime.date(2022, 9, 30))
    project.approval = "丰乡振发〔2022〕12号"
    project.save()
    make_asset(
        regions["village_a"], project=project, value="300000.00", unit="座", handed_over=True,
        handed_over_on=datetime.date(2022, 11, 1), custodian_unit="建龙村村委会", custodian_person="张三",
        operator="丰都县鲜果合作社",
        fundings=[(FundingSource.CENTRAL, "200000.00"), (FundingSource.COUNTY, "100000.00")],
    )  # fmt: skip
    make_asset(regions["village_b"], name="光伏电站", value="80000.00")
    client = client_for(county_user)
    content = b"".join(client.post(reverse("ledgers:export", args=["assets_village"])).streaming_content)
    run = upload(client, content)
    assert run.status == ImportRun.Status.VALID, run.summary
    assert (run.summary["unchanged"], run.summary["new_or_changed"]) == (2, 0)
    assert commit(client, run).status == ImportRun.Status.COMMITTED
