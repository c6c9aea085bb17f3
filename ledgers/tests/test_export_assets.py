from decimal import Decimal

from assets.tests.factories import make_asset

from .conftest import sheet_rows
from .test_export import export


def test_asset_ledgers_split_by_level_and_scope(client_for, county_user, cadre_a, regions):
    make_asset(regions["village_a"], name="冷链保鲜库", value="120000.00")
    make_asset(regions["village_c"], name="光伏电站")
    make_asset(regions["county"], name="产业园道路")
    village = sheet_rows(export(client_for(county_user), "assets_village").worksheets[0])
    assert village[1][:4] == ["资产编号", "资产名称", "所在区域", "项目名称"]
    assert sorted(r[1] for r in village[2:]) == ["光伏电站", "冷链保鲜库"]
    row = next(r for r in village[2:] if r[1] == "冷链保鲜库")
    assert (row[2], row[9], row[13]) == ("建龙村", float(Decimal("120000.00")), "村集体")
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
