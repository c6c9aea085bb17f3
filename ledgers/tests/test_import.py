import datetime
import io
import os

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from conftest import make_user
from households.idnumbers import synthetic_id
from households.models import Household, Member
from ledgers.imports.member_rows import HEADERS
from ledgers.models import ImportRun

from .conftest import make_household, post_committed


def person(seq, *, born=datetime.date(1975, 1, 2), male=True):
    return synthetic_id("500230", born, seq, male)


def member_row(number, name, id_number, relation="户主", village="建龙村", **over):
    values = {
        "户编号": number, "乡镇（街道）": "栗子乡", "村（社区）": village, "村民小组": "三组", "姓名": name,
        "证件号码": id_number, "与户主关系": relation, "民族": "汉族", "文化程度": "初中", "在校生状况": "",
        "劳动技能": "普通劳动力", "务工时间（月）": "6", "健康状况": "健康", "残疾类别": "", "残疾等级": "",
        "政治面貌": "群众", "基本医疗保险": "城乡居民医保", "大病保险": "是", "养老保险": "否", "享受低保": "否",
        "特困供养": "否", "公益岗位类型": "", "联系电话": "13900001111", "住址": "建龙村三组",
    }  # fmt: skip
    values.update(over)
    return values


def xlsx(rows, headers=HEADERS, title=None) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_rows():
    return [
        member_row("500230201201901", "陈大", person(1)),
        member_row("500230201201901", "刘二", person(2, male=False), relation="配偶"),
        member_row("500230201201901", "陈小", person(3, born=datetime.date(2013, 2, 3)), relation="之子",
                   文化程度="", 在校生状况="七年级", 劳动技能="无劳动力", 健康状况="长期慢性病、残疾", 残疾类别="肢体", 残疾等级="三级"),
        member_row("500230201201902", "周甲", person(4)),
    ]  # fmt: skip


def upload(client, content, name="households.xlsx"):
    file = SimpleUploadedFile(name, content)
    return post_committed(client, reverse("ledgers:imports"), {"kind": "households", "file": file})


def run_of(response) -> ImportRun:
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRun.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def commit(client, run):
    return post_committed(client, reverse("ledgers:import_commit", args=[run.pk]))


def test_dry_run_writes_nothing_and_commit_writes_households_with_members(client_for, cadre_a):
    client = client_for(cadre_a)
    run = run_of(upload(client, xlsx(good_rows())))
    assert run.status == ImportRun.Status.VALID
    assert run.summary["new_households"] == 2 and run.summary["new_members"] == 4
    assert not Household.objects.exists() and not Member.objects.exists()
    commit(client, run)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
    household = Household.objects.get(number="500230201201901")
    assert (household.head_name, household.member_count, household.phone) == ("陈大", 3, "13900001111")
    assert household.village.name == "建龙村" and household.group_name == "三组"
    child = Member.objects.get(name="陈小")
    assert (child.school_status, child.education, child.healthy, child.disabled, child.chronic_disease) == (
        "七年级",
        "",
        False,
        True,
        True,
    )
    assert child.sex == "男" and child.birth_date == datetime.date(2013, 2, 3)
    assert Member.history.filter(history_user=cadre_a, history_type="+").count() == 4
    entry = Household.history.get(number="500230201201901")
    assert (entry.history_user, entry.history_change_reason, entry.id) == (cadre_a, "批量导入", household.pk)


def test_importing_the_same_file_twice_changes_nothing(client_for, cadre_a):
    client = client_for(cadre_a)
    content = xlsx(good_rows())
    commit(client, run_of(upload(client, content)))
    histories = (Household.history.count(), Member.history.count())
    second = run_of(upload(client, content))
    assert second.summary["new_members"] == 0 and second.summary["changed_members"] == 0
    assert second.summary["unchanged_members"] == 4 and second.summary["changed_households"] == 0
    commit(client, second)
    assert (Household.objects.count(), Member.objects.count()) == (2, 4)
    assert (Household.history.count(), Member.history.count()) == histories


def test_changed_row_updates_the_member(client_for, cadre_a):
    client = client_for(cadre_a)
    commit(client, run_of(upload(client, xlsx(good_rows()))))
    rows = good_rows()
    rows[0]["劳动技能"] = "弱劳动力或半劳动力"
    run = run_of(upload(client, xlsx(rows)))
    assert run.summary["changed_members"] == 1 and run.summary["unchanged_members"] == 3
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Household.objects.update(updated_at=month_ago)
    commit(client, run)
    assert Member.objects.get(name="陈大").labour_skill == "弱劳动力或半劳动力"
    # Only the member changed, but a household is pulled with its members (updated_since).
    moved = dict(Household.objects.values_list("number", "updated_at"))
    assert moved["500230201201901"] > month_ago and moved["500230201201902"] == month_ago


def errors_of(run):
    return [(row, column, reason) for row, column, _value, reason in run.summary["preview"]]


def test_row_errors_are_reported_with_row_column_and_reason(client_for, cadre_a):
    rows = good_rows()
    rows[0]["证件号码"] = rows[0]["证件号码"][:-1] + ("0" if rows[0]["证件号码"][-1] != "0" else "1")
    rows[1]["与户主关系"] = "老伴"
    rows[2]["文化程度"] = "小学"  # both 文化程度 and 在校生状况
    rows[3]["村（社区）"] = "联合村"  # another village: outside cadre_a's scope
    client = client_for(cadre_a)
    run = run_of(upload(client, xlsx(rows)))
    assert run.status == ImportRun.Status.INVALID
    found = errors_of(run)
    assert (2, "证件号码", "身份证号校验位不正确，请核对。") in found
    assert any(r == 3 and c == "与户主关系" and "老伴" in reason for r, c, reason in found)
    assert any(r == 4 and c == "文化程度" for r, c, _ in found)
    assert any(r == 5 and c == "村（社区）" and "管辖范围" in reason for r, c, reason in found)
    report = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(reverse("ledgers:import_errors", args=[run.pk])).streaming_content))
    )
    rows_out = list(report.active.iter_rows(values_only=True))
    assert rows_out[0] == ("行号", "列", "值", "原因")
    assert len(rows_out) - 1 == run.error_count >= 4
    assert not Member.objects.exists()


def test_one_bad_row_means_nothing_is_written_and_commit_is_refused(client_for, cadre_a):
    rows = good_rows()
    rows[3]["劳动技能"] = ""
    client = client_for(cadre_a)
    run = run_of(upload(client, xlsx(rows)))
    assert run.status == ImportRun.Status.INVALID and run.error_count == 1
    response = commit(client, run)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INVALID
    assert not Household.objects.exists() and not Member.objects.exists()


def test_household_needs_exactly_one_head(client_for, cadre_a):
    rows = good_rows()
    rows[1]["与户主关系"] = "户主"
    run = run_of(upload(client_for(cadre_a), xlsx(rows)))
    assert (2, "与户主关系", "每户必须有且只有一位户主。") in errors_of(run)


def test_disabled_member_needs_category_and_grade(client_for, cadre_a):
    rows = good_rows()
    rows[2]["残疾等级"] = ""
    run = run_of(upload(client_for(cadre_a), xlsx(rows)))
    assert (4, "残疾类别", "残疾人员须填写残疾类别和等级。") in errors_of(run)


def test_duplicate_id_in_file_is_an_error(client_for, cadre_a):
    rows = good_rows()
    rows[3]["证件号码"] = rows[0]["证件号码"]
    run = run_of(upload(client_for(cadre_a), xlsx(rows)))
    assert (5, "证件号码", "与第 2 行的证件号码重复。") in errors_of(run)


def test_person_registered_in_another_household_is_named(client_for, cadre_a, regions):
    existing = make_household(regions["village_a"], "500230201201555", head="孙七")
    rows = good_rows()
    rows[3]["证件号码"] = existing.members.get().id_number
    run = run_of(upload(client_for(cadre_a), xlsx(rows)))
    assert any("栗子乡建龙村户编号 500230201201555" in reason for _r, _c, reason in errors_of(run))


def test_person_registered_outside_scope_is_not_named(client_for, cadre_a, regions):
    existing = make_household(regions["village_c"], "500230103201555", head="钱八")
    rows = good_rows()
    rows[3]["证件号码"] = existing.members.get().id_number
    run = run_of(upload(client_for(cadre_a), xlsx(rows)))
    reasons = [reason for _r, _c, reason in errors_of(run)]
    assert any("已在其他地区登记" in r for r in reasons) and not any("钱八" in r for r in reasons)


def test_register_changed_after_dry_run_refuses_commit(client_for, cadre_a, regions):
    client = client_for(cadre_a)
    run = run_of(upload(client, xlsx(good_rows())))
    other = make_household(regions["village_a"], "500230201201777", head="吴九")
    Member.objects.filter(household=other).update(
        person_id=good_rows()[3]["证件号码"], id_number=good_rows()[3]["证件号码"]
    )
    commit(client, run)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INVALID
    assert not Household.objects.filter(number="500230201201901").exists()


def test_title_row_above_header_is_skipped(client_for, cadre_a):
    run = run_of(upload(client_for(cadre_a), xlsx(good_rows(), title="家庭成员明细 区域：建龙村")))
    assert run.status == ImportRun.Status.VALID and run.rows == 4


def test_cadre_of_two_villages_imports_both(client_for, regions):
    cadre = make_user("cadre_ac", Role.VILLAGE, regions["village_a"], regions["village_c"])
    rows = good_rows()
    rows[3].update({"村（社区）": "徐坪村", "乡镇（街道）": "江池镇"})
    client = client_for(cadre)
    run = run_of(upload(client, xlsx(rows)))
    assert run.status == ImportRun.Status.VALID
    commit(client, run)
    assert Household.objects.get(number="500230201201902").village == regions["village_c"]


def refused(response) -> str:
    assert response.status_code == 200
    assert not ImportRun.objects.exists()
    return " ".join(response.context["form"].errors["file"])


def test_not_an_xlsx_is_refused(client_for, cadre_a):
    message = refused(upload(client_for(cadre_a), "户编号,姓名\n1,张三\n".encode(), name="a.csv"))
    assert "不是有效的 Excel" in message


def test_ten_megabytes_of_random_bytes_are_refused(client_for, cadre_a):
    message = refused(upload(client_for(cadre_a), os.urandom(10 * 1024 * 1024), name="random.xlsx"))
    assert "不是有效的 Excel" in message
    assert not Member.objects.exists()


def test_empty_file_is_refused(client_for, cadre_a):
    assert "文件为空" in refused(upload(client_for(cadre_a), b""))


def test_corrupt_zip_is_answered_clearly(client_for, cadre_a):
    # Refused at upload by the content check (common.files), before anything is stored.
    response = upload(client_for(cadre_a), b"PK\x03\x04" + os.urandom(2048))
    assert response.status_code == 200 and "已损坏" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_wrong_columns_are_named(client_for, cadre_a):
    run = run_of(
        upload(
            client_for(cadre_a),
            xlsx([{"户编号": "1", "姓名": "张三"}], headers=["户编号", "姓名", "证件号码"]),
        )
    )
    assert run.status == ImportRun.Status.INVALID
    assert "缺少必需的列" in run.message and "与户主关系" in run.message


def test_header_only_file_has_no_data_rows(client_for, cadre_a):
    run = run_of(upload(client_for(cadre_a), xlsx([])))
    assert run.status == ImportRun.Status.INVALID and "没有数据行" in run.message


def test_exported_member_ledger_imports_back_unchanged(client_for, county_user, regions):
    make_household(regions["village_a"], "500230201201321", head="郑十", members=3)
    client = client_for(county_user)
    content = b"".join(client.post(reverse("ledgers:export", args=["members"])).streaming_content)
    run = run_of(upload(client_for(make_user("cadre_full", Role.VILLAGE, regions["village_a"])), content))
    assert run.status == ImportRun.Status.VALID, run.summary
    assert run.summary["unchanged_members"] == 3 and run.summary["changed_households"] == 0


@pytest.mark.parametrize("persona", ["viewer", "department_user"])
def test_import_page_refused_to_other_roles(client_for, persona, request):
    assert client_for(request.getfixturevalue(persona)).get(reverse("ledgers:imports")).status_code == 403


def test_other_users_run_is_404(client_for, cadre_a, cadre_b):
    run = run_of(upload(client_for(cadre_a), xlsx(good_rows())))
    client = client_for(cadre_b)
    assert client.get(reverse("ledgers:import_run", args=[run.pk])).status_code == 404
    assert commit(client, run).status_code == 404


def test_template_has_the_national_columns(client_for, cadre_a):
    response = client_for(cadre_a).get(reverse("ledgers:import_template", args=["households"]))
    header = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[0] == "户编号*" and "证件号码*" in header and "在校生状况" in header
