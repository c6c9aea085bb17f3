import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assets.models import Asset, AssetFunding, Project
from assets.tests.factories import make_asset, make_project
from ledgers.imports.asset_rows import HEADERS
from ledgers.models import ImportRun

from .conftest import post_committed


def asset_row(code="ZC-IMP-001", **over):
    values = {
        "资产编号": code, "资产名称": "建龙村冷链保鲜库", "项目名称": "冷链仓储建设项目", "项目年度": "2022",
        "项目批复文号": "丰乡振发〔2022〕12号", "资产类别": "经营性资产", "资产类型": "冷链仓储",
        "所在区划代码": "500230201201", "数量": "1", "计量单位": "座", "原值（元）": "300000",
        "建成日期": "2022-10-15", "是否移交": "是", "移交日期": "2022/11/1", "是否确权": "否", "确权日期": "",
        "权属类型": "村集体", "所有权人": "建龙村股份经济合作联合社", "管护单位": "建龙村村委会",
        "管护责任人": "张三", "经营方式": "出租", "经营主体": "丰都县鲜果合作社",
        "中央财政衔接资金（元）": "200000", "区县财政衔接资金（元）": "100000.00",
    }  # fmt: skip
    values.update(over)
    return values


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append([row.get(h, "") for h in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content):
    response = post_committed(
        client,
        reverse("ledgers:imports"),
        {"kind": "assets", "file": SimpleUploadedFile("assets.xlsx", content)},
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    return ImportRun.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def commit(client, run) -> ImportRun:
    post_committed(client, reverse("ledgers:import_commit", args=[run.pk]))
    run.refresh_from_db()
    return run


def errors_of(run) -> set:
    return {(row, column) for row, column, _value, _reason in run.summary["preview"]}


def test_valid_file_registers_assets_fundings_and_one_project(client_for, township_user, regions):
    client = client_for(township_user)
    rows = [asset_row(), asset_row("ZC-IMP-002", 资产名称="联合村冷库", 所在区划代码="500230201202")]
    run = upload(client, xlsx(rows))
    assert run.status == ImportRun.Status.VALID, run.summary
    assert run.summary["new_assets"] == 2 and run.summary["new_projects"] == 1
    assert not Asset.objects.exists() and not Project.objects.exists()
    assert commit(client, run).status == ImportRun.Status.COMMITTED
    asset = Asset.objects.get(code="ZC-IMP-001")
    assert (asset.asset_class, asset.kind, asset.owner_type, asset.operating_mode) == (
        "revenue", "cold_store", "collective", "leased"
    )  # fmt: skip
    assert (asset.unit, asset.handed_over, asset.handed_over_on, asset.registered) == (
        "座", True, datetime.date(2022, 11, 1), False
    )  # fmt: skip
    assert sorted(asset.fundings.values_list("source", "amount")) == [
        ("central", Decimal("200000.00")), ("county", Decimal("100000.00"))
    ]  # fmt: skip
    project = Project.objects.get()
    # Both villages' assets share the project, registered at the township containing them.
    assert (project.region, project.year, project.approval) == (
        regions["township"],
        2022,
        "丰乡振发〔2022〕12号",
    )
    assert set(project.assets.values_list("code", flat=True)) == {"ZC-IMP-001", "ZC-IMP-002"}


def test_same_file_twice_changes_nothing(client_for, county_user):
    client = client_for(county_user)
    commit(client, upload(client, xlsx([asset_row()])))
    history = Asset.history.count()
    again = upload(client, xlsx([asset_row()]))
    assert again.summary["unchanged"] == 1 and again.summary["new_or_changed"] == 0
    assert commit(client, again).status == ImportRun.Status.COMMITTED
    assert (Asset.history.count(), Asset.objects.count(), Project.objects.count()) == (history, 1, 1)


def test_existing_project_is_found_by_name_and_year(client_for, county_user, regions):
    project = make_project(regions["village_a"], year=2022, name="冷链仓储建设项目")
    client = client_for(county_user)
    run = commit(client, upload(client, xlsx([asset_row()])))
    assert run.summary["new_projects"] == 0
    assert Asset.objects.get().project == project and Project.objects.count() == 1


def test_changed_value_updates_the_asset_and_its_funding(client_for, county_user, regions):
    asset = make_asset(regions["village_a"], code="ZC-IMP-001", value="300000")
    client = client_for(county_user)
    changed = asset_row(
        经营主体="新主体", **{"中央财政衔接资金（元）": "", "区县财政衔接资金（元）": "300000"}
    )
    run = upload(client, xlsx([changed]))
    assert run.summary["changed_assets"] == 1 and run.summary["new_assets"] == 0
    commit(client, run)
    asset.refresh_from_db()
    assert (asset.operator, asset.name) == ("新主体", "建龙村冷链保鲜库")
    assert list(asset.fundings.values_list("source", "amount")) == [("county", Decimal("300000.00"))]
    assert asset.history.count() == 2


def test_row_errors_name_row_and_column_and_write_nothing(client_for, township_user):
    rows = [
        asset_row(),
        asset_row("ZC-IMP-002", 所在区划代码="500230103201"),  # 徐坪村: another township
        asset_row("ZC-IMP-003", 资产类别="集体资产"),
        asset_row("ZC-IMP-004", **{"中央财政衔接资金（元）": "100000"}),  # 200,000 ≠ 300,000
        asset_row("ZC-IMP-001"),
        asset_row("ZC-IMP-005", 所在区划代码="5002302012"),
        asset_row("ZC-IMP-006", 建成日期="去年"),
    ]
    run = upload(client_for(township_user), xlsx(rows))
    assert run.status == ImportRun.Status.INVALID
    assert errors_of(run) == {(3, "所在区划代码"), (4, "资产类别"), (5, "原值（元）"), (6, "资产编号"),
                              (7, "所在区划代码"), (8, "建成日期")}  # fmt: skip
    reasons = {column: reason for _r, column, _v, reason in run.summary["preview"]}
    assert "不一致" in reasons["原值（元）"] and "重复" in reasons["资产编号"]
    assert not Asset.objects.exists() and not Project.objects.exists() and not AssetFunding.objects.exists()


def test_service_rules_become_row_errors(client_for, county_user):
    rows = [asset_row(资产类别="到户类资产"), asset_row("ZC-IMP-002", 经营方式="")]
    run = upload(client_for(county_user), xlsx(rows))
    assert errors_of(run) == {(2, "权属类型"), (3, "经营方式")}
    assert not Asset.objects.exists()


def test_asset_code_registered_outside_scope_is_refused(client_for, township_user, regions):
    make_asset(regions["village_c"], code="ZC-IMP-001")
    run = upload(client_for(township_user), xlsx([asset_row()]))
    assert errors_of(run) == {(2, "资产编号")}


def test_missing_required_column_refuses_the_file(client_for, county_user):
    book = openpyxl.Workbook()
    book.active.append(["资产编号", "资产名称"])
    book.active.append(["ZC-1", "冷库"])
    buffer = io.BytesIO()
    book.save(buffer)
    run = upload(client_for(county_user), buffer.getvalue())
    assert run.status == ImportRun.Status.INVALID and "缺少必需的列" in run.message


def test_village_cadre_is_not_offered_asset_import(client_for, cadre_a):
    client = client_for(cadre_a)
    response = client.post(
        reverse("ledgers:imports"),
        {"kind": "assets", "file": SimpleUploadedFile("a.xlsx", xlsx([asset_row()]))},
    )
    assert response.status_code == 200 and not ImportRun.objects.exists()
    assert client.get(reverse("ledgers:import_template", args=["assets"])).status_code == 403


@pytest.mark.parametrize("persona", ["township_user", "county_user"])
def test_template_has_the_asset_headers(client_for, persona, request):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("ledgers:import_template", args=["assets"])
    )
    assert response.status_code == 200
    header = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "资产编号*" in header and "中央财政衔接资金（元）" in header and "所在区划代码*" in header


def test_township_is_offered_only_the_asset_import(client_for, township_user):
    response = client_for(township_user).get(reverse("ledgers:imports"))
    assert response.status_code == 200
    choices = [key for key, _label in response.context["form"].fields["kind"].choices]
    assert choices == ["assets"]


def test_excel_typed_cells_are_read(client_for, county_user):
    """Dates as Excel dates and codes and amounts as numbers, as a hand-kept ledger has them."""
    row = asset_row(所在区划代码=500230201201, 项目年度=2022, 建成日期=datetime.datetime(2022, 10, 15),
                    移交日期=datetime.date(2022, 11, 1), **{"原值（元）": 300000.5, "中央财政衔接资金（元）": 200000.5})  # fmt: skip
    client = client_for(county_user)
    commit(client, upload(client, xlsx([row])))
    asset = Asset.objects.get()
    assert (asset.region.code, asset.completed_on, asset.original_value) == (
        "500230201201", datetime.date(2022, 10, 15), Decimal("300000.50")
    )  # fmt: skip
