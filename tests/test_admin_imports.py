"""django-import-export in the admin for the reference tables: regions, monitoring lines and the
measure catalogue (issue 14 item 10); rows go through the services where there is one."""

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from assistance.models import MeasureCategory
from assistance.resources import MeasureCategoryResource
from conftest import make_user
from households.models import MonitoringLine
from households.resources import MonitoringLineResource
from indicators.models import Indicator, Plan
from indicators.resources import IndicatorResource
from regions.models import Region
from regions.resources import RegionResource


def dataset(headers, *rows):
    return tablib.Dataset(*rows, headers=headers)


REGION_HEADERS = ["区划代码", "名称", "层级", "上级区划代码"]


def test_region_file_creates_the_rows_under_their_parents(regions, superuser):
    data = dataset(
        REGION_HEADERS,
        ["500230202000", "南天湖镇", "township", "500230000000"],
        ["500230202201", "龙河村", "village", "500230202000"],
    )
    result = RegionResource().import_data(data, dry_run=False, user=superuser)
    assert not result.has_errors() and not result.has_validation_errors()
    village = Region.objects.get(code="500230202201")
    assert village.parent.name == "南天湖镇" and village.is_within(regions["county"])


def test_region_row_with_a_bad_code_is_refused(regions, superuser):
    data = dataset(REGION_HEADERS, ["50023020", "短码村", "village", "500230201000"])
    result = RegionResource().import_data(data, dry_run=False, user=superuser)
    assert result.has_validation_errors()
    assert not Region.objects.filter(name="短码村").exists()


LINE_HEADERS = ["年度", "区划代码", "监测范围（元/人·年）", "依据", "生效日期", "演示数据"]


def test_monitoring_line_file_is_written_by_the_service(regions, county_user):
    data = dataset(LINE_HEADERS, ["2026", "500230000000", "7200", "丰府发〔2026〕3号", "2026-01-01", "0"])
    result = MonitoringLineResource().import_data(data, dry_run=False, user=county_user)
    assert not result.has_errors() and not result.has_validation_errors()
    line = MonitoringLine.objects.get(year=2026, region=regions["county"])
    assert line.history.get().history_user == county_user


def test_monitoring_line_below_the_floor_is_refused_with_the_services_message(regions, county_user):
    data = dataset(LINE_HEADERS, ["2026", "500230000000", "100", "丰府发〔2026〕3号", "2026-01-01", "0"])
    result = MonitoringLineResource().import_data(data, dry_run=False, user=county_user)
    assert result.has_validation_errors()
    assert "监测范围不得低于" in str(result.invalid_rows[0].error_dict)
    assert not MonitoringLine.objects.exists()


def test_monitoring_line_import_needs_the_services_role(regions, cadre_a):
    data = dataset(LINE_HEADERS, ["2026", "500230000000", "7200", "丰府发〔2026〕3号", "2026-01-01", "0"])
    result = MonitoringLineResource().import_data(data, dry_run=False, user=cadre_a)
    assert result.has_validation_errors() and not MonitoringLine.objects.exists()


def test_catalogue_row_goes_through_the_catalogue_service(regions):
    county = make_user("county_catalogue", Role.COUNTY, regions["county"])
    headers = ["编码", "名称", "上级编码", "性质", "针对风险", "属综合保障", "启用", "排序"]
    good = ["local.tea", "茶园务工补助", "", "development", "[]", "0", "1", "900"]
    bad = ["Bad Code", "编码不合规", "", "development", "[]", "0", "1", "901"]
    result = MeasureCategoryResource().import_data(dataset(headers, good, bad), dry_run=False, user=county)
    assert result.has_validation_errors() and "编码只能由" in str(result.invalid_rows[0].error_dict)
    result = MeasureCategoryResource().import_data(dataset(headers, good), dry_run=False, user=county)
    assert MeasureCategory.objects.get(code="local.tea").history.get().history_user == county


def test_region_file_through_the_admin_import_page(client_for, superuser, regions):
    client = client_for(superuser)
    content = "区划代码,名称,层级,上级区划代码\n500230202000,南天湖镇,township,500230000000\n".encode()
    upload = SimpleUploadedFile("regions.csv", content, content_type="text/csv")
    page = client.post(
        reverse("admin:regions_region_import"), {"import_file": upload, "format": 0, "resource": 0}
    )
    assert page.status_code == 200 and "confirm_form" in page.context, page.content.decode()[-3000:]
    confirm = page.context["confirm_form"]
    response = client.post(reverse("admin:regions_region_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Region.objects.get(code="500230202000").parent == regions["county"]


def test_indicator_correction_file_updates_the_row_and_refuses_an_unknown_kind(regions, superuser):
    plan = Plan.objects.create(key="fengdu", level="county", region=regions["county"], title="丰都规划",
                               period_start=2021, period_end=2025)  # fmt: skip
    Indicator.objects.create(plan=plan, number="1", order=1, name="帮扶率", target_value="100", target_year=2025,
                             target_kind="number", attribute="binding")  # fmt: skip
    export = IndicatorResource().export()
    row = dict(zip(export.headers, export[0], strict=True))
    row["corrected_target_value"] = "98"
    bad = {**row, "order": 2, "target_kind": "guess"}
    result = IndicatorResource().import_data(
        dataset(export.headers, list(row.values()), list(bad.values())), dry_run=False, user=superuser
    )
    assert result.has_validation_errors() and not Indicator.objects.filter(order=2).exists()
    assert Indicator.objects.get(order=1).corrected_target_value == "98"
