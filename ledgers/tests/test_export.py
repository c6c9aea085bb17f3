import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledgers.models import ExportLog
from ledgers.registry import LEDGERS, Filters

from .conftest import download, post_committed, read_book, sheet_rows

EXPECTED = {
    "cases": (
        ["乡镇（街道）", "村（社区）", "户编号", "户主姓名", "户主证件号码", "联系电话", "家庭人口", "监测对象类型",
         "风险类型", "发现方式", "状态", "当前步骤", "发现风险日期", "办理时限", "纳入日期", "消除类型", "风险消除日期", "低于监测范围"],
        ["栗子乡", "建龙村", "500230201201001", "张三", None, "13812345678", 3, "边缘易致贫户",
         "因病、因自然灾害（洪涝）", "干部走访排查", "监测中", None, datetime.datetime(2026, 3, 1),
         datetime.datetime(2026, 3, 16), datetime.datetime(2026, 3, 11), None, None, "无"],
    ),
    "members": (
        ["乡镇（街道）", "村（社区）", "户编号", "村民小组", "姓名", "证件号码", "性别", "出生日期", "民族",
         "与户主关系", "文化程度", "在校生状况", "劳动技能", "务工时间（月）", "健康状况", "残疾类别", "残疾等级",
         "政治面貌", "基本医疗保险", "大病保险", "养老保险", "享受低保", "特困供养", "公益岗位类型", "联系电话", "住址"],
        ["栗子乡", "建龙村", "500230201201001", None, "张三", None, "男", datetime.datetime(1980, 5, 17), "汉族",
         "户主", "初中", None, "普通劳动力", 0, "健康", None, None, "群众", "城乡居民医保", "否", "否", "否", "否",
         None, "13812345678", "一组"],
    ),
    "measures": (
        ["乡镇（街道）", "村（社区）", "户编号", "户主姓名", "监测对象类型", "受益成员", "措施类别", "措施内容",
         "责任单位", "金额（元）", "资金来源", "计划开始", "计划完成", "实际开始", "实际完成", "状态", "成效"],
        ["栗子乡", "建龙村", "500230201201001", "张三", "边缘易致贫户", None, "测试种植业", "发展种植a1", None, 1500.5,
         None, datetime.datetime(2026, 4, 1), None, None, None, "实施中", None],
    ),
    "visits": (
        ["乡镇（街道）", "村（社区）", "户编号", "户主姓名", "走访日期", "走访方式", "走访人", "不愁吃不愁穿",
         "义务教育", "基本医疗", "住房安全", "饮水安全", "问题说明", "收入变化", "新发现风险", "备注"],
        ["栗子乡", "建龙村", "500230201201001", "张三", datetime.datetime(2026, 5, 6), "入户走访", "cadre_a",
         "有保障", "有保障", "有问题", "有保障", "有保障", None, None, "因病", None],
    ),
    "reviews": (
        ["乡镇（街道）", "村（社区）", "年度", "季度", "研判状态", "研判日期", "参加人员", "户编号", "户主姓名",
         "监测对象类型", "风险状态", "帮扶方案调整", "备注"],
        ["栗子乡", "建龙村", 2026, 2, "已完成", datetime.datetime(2026, 6, 20), "村两委、驻村工作队",
         "500230201201001", "张三", "边缘易致贫户", "风险缓解", "增加就业帮扶", None],
    ),
}  # fmt: skip
# Where the household number sits in each ledger's row (to pick the sample row).
NUMBER_COLUMN = {"reviews": 7}


def export(client, key, data=None):
    response = client.post(reverse("ledgers:export", args=[key]), data or {})
    assert response.status_code == 200
    assert "attachment" in response.get("Content-Disposition", ""), (
        response.context and response.context.get("form").errors
    )
    return read_book(download(response))


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_ledger_has_its_columns_and_a_sample_row(client_for, county_user, register, key):
    headers, sample = EXPECTED[key]
    ws = export(client_for(county_user), key).worksheets[0]
    rows = sheet_rows(ws)
    assert rows[1] == headers
    if key == "cases":
        sample = sample[:4] + [register["a1"].members.get(relationship="户主").id_number] + sample[5:]
    if key == "members":
        sample = sample[:5] + [register["a1"].members.get(relationship="户主").id_number] + sample[6:]
    at = NUMBER_COLUMN.get(key, 2)
    assert [row for row in rows[2:] if row[at] == sample[at]][0] == sample


def row_of(ws, number, name=None):
    """The data row of household ``number`` (and member ``name``)."""
    return next(r for r in sheet_rows(ws)[2:] if r[2] == number and (name is None or r[4] == name))


def test_title_row_names_ledger_region_date_and_exporter(client_for, county_user, register, regions):
    county_user.last_name, county_user.first_name = "刘", "县"
    county_user.save()
    data = {"region": regions["township"].code}
    ws = export(client_for(county_user), "cases", data).worksheets[0]
    title = ws["A1"].value
    assert "监测对象台账" in title and "栗子乡" in title and "刘县" in title
    assert datetime.date.today().isoformat() in title
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:S5"  # 序号 + 18 columns
    assert ws.column_dimensions["D"].width > 15
    assert ws["N3"].number_format == "yyyy-mm-dd"
    assert ws["D3"].data_type == "s"


def test_rows_are_numbered_and_set_up_for_print(client_for, county_user, register):
    ws = export(client_for(county_user), "cases").worksheets[0]
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    assert rows[1][0] == "序号"
    assert [row[0] for row in rows[2:]] == list(range(1, len(rows) - 1))
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # fitToWidth is left out of the file when it is 1, OOXML's default.
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$1:$2"


def test_indicator_ledger_keeps_its_own_number_column(client_for, county_user):
    rows = [
        list(r)
        for r in export(client_for(county_user), "indicators").worksheets[0].iter_rows(values_only=True)
    ]
    assert rows[1][:2] == ["规划", "序号"]


def test_finished_cases_have_no_step_and_rejected_cases_no_deadline(client_for, county_user, register):
    from monitoring.models import Case

    case = Case.objects.filter(household=register["a1"]).get()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.REJECTED, step=2)
    row = row_of(export(client_for(county_user), "cases").worksheets[0], "500230201201001")
    headers = sheet_rows(export(client_for(county_user), "cases").worksheets[0])[1]
    assert row[headers.index("状态")] == "未纳入"
    assert row[headers.index("当前步骤")] is None
    assert row[headers.index("办理时限")] is None


def test_viewer_sees_masked_ids_and_phones(client_for, viewer, register):
    ws = export(client_for(viewer), "members").worksheets[0]
    head = register["a1"].members.get(relationship="户主").id_number
    row = row_of(ws, "500230201201001", "张三")
    assert row[5] == head[:6] + "********" + head[-4:]
    assert row[24] == "138****5678"


def test_township_user_sees_masked_ids_in_case_ledger(client_for, township_user, register):
    row = row_of(export(client_for(township_user), "cases").worksheets[0], "500230201201001")
    assert "********" in row[4] and row[5] == "138****5678"


def test_county_user_with_permission_sees_full_numbers(client_for, county_user, register):
    row = row_of(export(client_for(county_user), "members").worksheets[0], "500230201201001", "张三")
    assert "*" not in row[5] and row[24] == "13812345678"


def test_cadre_exports_only_own_village(client_for, cadre_a, register):
    rows = sheet_rows(export(client_for(cadre_a), "members").worksheets[0])[2:]
    numbers = {row[2] for row in rows}
    assert numbers == {"500230201201001", "500230201201002"}
    assert len(rows) == 5


def test_township_user_gets_both_villages_but_not_other_township(client_for, township_user, register):
    rows = sheet_rows(export(client_for(township_user), "cases").worksheets[0])[2:]
    assert {row[1] for row in rows} == {"建龙村", "联合村"}


def test_filters_by_region_status_category_and_period(client_for, county_user, register, regions):
    client = client_for(county_user)
    by_region = sheet_rows(export(client, "cases", {"region": regions["village_b"].code}).worksheets[0])[2:]
    assert [row[2] for row in by_region] == ["500230201202001"]
    eliminated = sheet_rows(export(client, "cases", {"status": "eliminated"}).worksheets[0])[2:]
    assert [row[2] for row in eliminated] == ["500230201201002"]
    sudden = sheet_rows(export(client, "cases", {"category": "突发严重困难户"}).worksheets[0])[2:]
    assert [row[2] for row in sudden] == ["500230201201002"]
    period = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    in_2026 = sheet_rows(export(client, "cases", period).worksheets[0])[2:]
    assert len(in_2026) == 3


def test_measure_category_filter_includes_sub_types(client_for, county_user, register):
    rows = sheet_rows(
        export(client_for(county_user), "measures", {"category": "test-industry"}).worksheets[0]
    )[2:]
    assert len(rows) == 4


def test_region_outside_scope_is_refused(client_for, cadre_a, register, regions):
    response = client_for(cadre_a).post(
        reverse("ledgers:export", args=["cases"]), {"region": regions["village_b"].code}
    )
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors
    assert not ExportLog.objects.exists()


def test_every_export_is_logged(client_for, cadre_a, register, regions):
    export(client_for(cadre_a), "cases", {"status": "monitored"})
    log = ExportLog.objects.get()
    assert (log.user, log.ledger, log.rows, log.region) == (cadre_a, "cases", 1, regions["village_a"])
    assert log.filters == {"status": "monitored"}
    assert log.masked is False  # village cadres keep the register and see full numbers


def test_log_page_lists_exports_for_county_users(client_for, cadre_a, county_user, register):
    export(client_for(cadre_a), "visits")
    response = client_for(county_user).get(reverse("ledgers:log"))
    assert response.status_code == 200
    assert "走访记录" in response.content.decode()


@pytest.mark.parametrize("persona", ["cadre_a", "township_user", "viewer"])
def test_log_page_refused_to_other_roles(client_for, register, persona, request):
    response = client_for(request.getfixturevalue(persona)).get(reverse("ledgers:log"))
    assert response.status_code == 403


def test_county_log_excludes_other_counties(client_for, county_user, register, regions):
    from accounts.models import Role
    from conftest import make_user

    other = make_user("other_county", Role.COUNTY, regions["other_county"])
    ExportLog.objects.create(user=other, ledger="cases", title="监测对象台账", region=regions["other_county"])
    response = client_for(county_user).get(reverse("ledgers:log"))
    assert "other_county" not in response.content.decode()


def test_sheets_split_past_the_row_limit(client_for, county_user, register, settings):
    settings.LEDGER_SHEET_MAX_ROWS = 3
    book = export(client_for(county_user), "members")  # 8 members → 3 + 3 + 2
    assert [ws.title for ws in book.worksheets] == ["家庭成员明细", "家庭成员明细(2)", "家庭成员明细(3)"]
    counts = [len(sheet_rows(ws)) - 2 for ws in book.worksheets]
    assert counts == [3, 3, 2]
    for ws in book.worksheets:
        assert sheet_rows(ws)[1][0] == "乡镇（街道）" and ws.freeze_panes == "A3"


def _queries_for(user, key):
    ledger = LEDGERS[key]
    with CaptureQueriesContext(connection) as ctx:
        list(ledger.iter_cells(ledger.rows_for(user, Filters()), full_ids=False))
    return len(ctx)


@pytest.mark.parametrize("key", ["cases", "members", "measures", "visits", "reviews"])
def test_query_count_does_not_grow_with_rows(county_user, register, regions, key):
    from .conftest import make_case, make_household

    user = type(county_user).objects.get(pk=county_user.pk)
    before = _queries_for(user, key)
    from monitoring.reviews import ReviewEntry, ReviewRound

    round_b = ReviewRound.objects.get(village=regions["village_b"])
    for i in range(10):
        household = make_household(regions["village_b"], f"50023020120290{i}", members=3)
        ReviewEntry.objects.create(round=round_b, case=make_case(household, county_user))
    user = type(county_user).objects.get(pk=county_user.pk)
    assert _queries_for(user, key) == before


def test_large_export_runs_as_a_job_with_download(client_for, county_user, register, settings):
    settings.LEDGER_SYNC_MAX_ROWS = 2
    client = client_for(county_user)
    response = post_committed(client, reverse("ledgers:export", args=["members"]))
    assert response.status_code == 302 and "/jobs/" in response.url
    from common.models import Job

    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.total == 8
    book = read_book(download(client.get(reverse("common:job_download", args=[job.pk]))))
    assert len(sheet_rows(book.worksheets[0])) == 10
    assert ExportLog.objects.get().job == job


@pytest.mark.parametrize("persona", ["department_user", "nobody"])
def test_register_ledgers_refused_to_roles_without_register_access(client_for, register, persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("ledgers:export", args=["cases"])).status_code == 403


def test_ledger_index_refused_to_user_without_any_ledger(client_for, nobody):
    assert client_for(nobody).get(reverse("ledgers:index")).status_code == 403


def test_ledger_index_lists_ledgers_for_cadre(client_for, cadre_a, register):
    response = client_for(cadre_a).get(reverse("ledgers:index"))
    assert response.status_code == 200
    for title in ("监测对象台账", "家庭成员明细", "帮扶措施台账", "走访记录", "季度研判台账"):
        assert title in response.content.decode()


def test_unknown_ledger_is_404(client_for, county_user):
    assert client_for(county_user).get(reverse("ledgers:export", args=["nope"])).status_code == 404


def test_filter_form_shows_only_regions_in_scope(client_for, cadre_a, register):
    response = client_for(cadre_a).get(reverse("ledgers:export", args=["cases"]))
    html = response.content.decode()
    assert "建龙村" in html and "联合村" not in html and "徐坪村" not in html


def test_log_page_queries_do_not_grow_with_logs(
    client_for, county_user, regions, django_assert_max_num_queries
):
    for i in range(30):
        ExportLog.objects.create(
            user=county_user, ledger="cases", title="监测对象台账", region=regions["county"], rows=i
        )
    client = client_for(county_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ledgers:log"))
    assert response.content.decode().count("监测对象台账") >= 25
