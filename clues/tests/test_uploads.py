"""Upload and match: lists, idempotence, refusals with nothing written."""

import datetime
import io
import os
import time
import tracemalloc

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from accounts.models import Role
from clues.datasets import KINDS
from clues.models import Clue, DepartmentUpload, MatchResult
from clues.parsing import sniff
from clues.tests.conftest import csv_bytes
from clues.uploads import upload_create
from common.errors import ServiceError
from common.models import Job

YEAR = str(timezone.localdate().year - 1)


def nothing_written():
    return not Clue.objects.exists() and not MatchResult.objects.exists()


def test_unmatched_and_name_differs_lists(regions, county_user, member_in, upload):
    same = member_in(regions["village_a"], name="张三")
    renamed = member_in(regions["village_a"], name="李四")
    rows = [
        [same.person_id, "张三", YEAR, "100"],
        [renamed.person_id, "李肆", YEAR, "100"],
        ["110101199003070150", "王五", YEAR, "100"],  # valid, not in the register
    ]
    done = upload(county_user, "medical_costs", csv_bytes("medical_costs", rows))
    assert done.status == DepartmentUpload.Status.DONE
    assert list(MatchResult.objects.filter(outcome="unmatched").values_list("row_number", "person_id")) == [
        (4, "110101199003070150")
    ]
    differs = MatchResult.objects.get(outcome="name_differs")
    assert (differs.row_number, differs.name, differs.detail["member_name"]) == (3, "李肆", "李四")
    assert (done.counts["matched"], done.counts["unmatched"], done.counts["name_differs"]) == (2, 1, 1)
    assert Job.objects.get(pk=done.job_id).status == Job.Status.DONE


def test_each_township_is_told_how_many_new_clues_wait(regions, county_user, member_in, upload):
    from common.models import Notification
    from conftest import make_user

    make_user("lizi", Role.TOWNSHIP, regions["township"])
    make_user("jiangchi", Role.TOWNSHIP, regions["other_township"])
    elsewhere = make_user("pengshui", Role.TOWNSHIP, regions["other_county"])
    head = member_in(regions["village_a"], name="甲")
    people = [
        head,
        member_in(
            regions["village_a"], name="乙", household=head.household, relationship="配偶"
        ),  # same household
        member_in(regions["village_b"], name="丙"),
        member_in(regions["village_c"], name="丁"),
    ]
    rows = [[m.person_id, m.name, YEAR, "15000"] for m in people]
    rows.append([member_in(regions["village_c"], name="戊").person_id, "戊", YEAR, "10"])  # below: no clue
    done = upload(county_user, "medical_costs", csv_bytes("medical_costs", rows))
    assert done.counts["new_clues"] == 4
    told = {n.recipient.username: n.message for n in Notification.objects.filter(kind="clues_new")}
    assert set(told) == {"lizi", "jiangchi"}
    assert "新增3条" in told["lizi"] and "新增1条" in told["jiangchi"]
    assert not Notification.objects.filter(recipient__in=[elsewhere]).exists()


def test_same_data_uploaded_twice_raises_no_duplicate_clue(regions, county_user, member_in, upload):
    member = member_in(regions["village_a"], name="张三")
    content = csv_bytes("medical_costs", [[member.person_id, "张三", YEAR, "15000"]])
    first = upload(county_user, "medical_costs", content)
    second = upload(county_user, "medical_costs", content, name="again.csv")
    assert Clue.objects.count() == 1
    assert (first.counts["new_clues"], second.counts["new_clues"]) == (1, 0)
    assert second.counts["clue"] == 1  # the row is still reported as a risk signal
    assert first.sha256 == second.sha256


def test_a_new_year_is_a_new_clue(regions, county_user, member_in, upload):
    member = member_in(regions["village_a"], name="张三")
    upload(
        county_user, "medical_costs", csv_bytes("medical_costs", [[member.person_id, "张三", YEAR, "15000"]])
    )
    this_year = str(timezone.localdate().year)
    upload(
        county_user,
        "medical_costs",
        csv_bytes("medical_costs", [[member.person_id, "张三", this_year, "15000"]]),
    )
    assert Clue.objects.count() == 2


def test_gbk_file_is_read(regions, county_user, member_in, upload):
    member = member_in(regions["village_a"], name="张三")
    done = upload(
        county_user,
        "medical_costs",
        csv_bytes("medical_costs", [[member.person_id, "张三", YEAR, "1"]], encoding="gbk"),
    )
    assert (done.status, done.encoding) == ("done", "gb18030")
    assert not MatchResult.objects.filter(outcome="name_differs").exists()


def test_xlsx_file_is_read(regions, county_user, member_in, upload):
    member = member_in(regions["village_a"], name="张三")
    book = Workbook()
    book.active.append(KINDS["housing_appraisal"].headers)
    book.active.append([member.person_id, "张三", "D", datetime.date(2025, 6, 1)])
    out = io.BytesIO()
    book.save(out)
    done = upload(county_user, "housing_appraisal", out.getvalue(), name="housing.xlsx")
    assert done.status == "done" and Clue.objects.get().risk_type == "因安全住房"


def refused(user, kind, content, name="data.csv"):
    with pytest.raises(ServiceError) as exc:
        upload_create(by=user, kind=kind, fileobj=SimpleUploadedFile(name, content), name=name)
    assert not DepartmentUpload.objects.exists() and nothing_written()
    return exc.value.message


def test_wrong_columns_refused_naming_the_missing_ones(county_user):
    message = refused(
        county_user, "medical_costs", csv_bytes("medical_costs", [], headers=["身份证", "姓名", "金额"])
    )
    assert "缺少列" in message and "合规自付医疗费用（元）" in message


def test_wrong_encoding_refused(county_user):
    message = refused(county_user, "medical_costs", csv_bytes("medical_costs", [], encoding="utf-16"))
    assert "编码" in message


def test_empty_file_refused(county_user):
    assert "空" in refused(county_user, "medical_costs", b"")


def test_header_only_file_is_invalid(county_user, upload):
    done = upload(county_user, "medical_costs", csv_bytes("medical_costs", []))
    assert done.status == "invalid" and "没有数据行" in done.message
    assert nothing_written()


def test_legacy_xls_refused(county_user):
    assert ".xls" in refused(county_user, "medical_costs", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, name="a.xls")


def test_bad_rows_write_nothing_and_report_every_error(regions, county_user, member_in, upload):
    good = member_in(regions["village_a"], name="张三")
    rows = [
        [good.person_id, "张三", YEAR, "15000"],
        ["500230198005170012", "李四", YEAR, "100"],  # wrong check digit
        [good.person_id, "张三", "1999", "abc"],
    ]
    done = upload(county_user, "medical_costs", csv_bytes("medical_costs", rows))
    assert done.status == DepartmentUpload.Status.INVALID
    assert done.error_count == 3
    assert "第3行" in done.message and "校验位" in done.message
    assert nothing_written()
    from openpyxl import load_workbook

    sheet = load_workbook(done.error_report.open("rb")).active
    assert [c.value for c in sheet[2]] == [
        3,
        "身份证号",
        "500230198005170012",
        "身份证号校验位不正确，请核对。",
    ]
    assert sheet.max_row == 4


def test_fifty_megabytes_of_garbage_refused_quickly_in_little_memory(tmp_path, county_user):
    path = tmp_path / "garbage.csv"
    with open(path, "wb") as out:
        for _ in range(50):
            out.write(os.urandom(1024 * 1024))
    tracemalloc.start()
    started = time.perf_counter()
    with open(path, "rb") as fileobj, pytest.raises(ServiceError) as exc:
        sniff(fileobj, KINDS["medical_costs"])
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "编码" in exc.value.message or "表头" in exc.value.message
    assert elapsed < 1 and peak < 2 * 1024 * 1024


def test_department_may_upload_only_its_own_kinds(department_user):
    with pytest.raises(PermissionDenied):
        upload_create(
            by=department_user, kind="medical_costs", fileobj=SimpleUploadedFile("a.csv", b"x"), name="a.csv"
        )


def test_department_upload_is_scoped_to_its_department(regions, department_user, member_in, upload):
    member = member_in(regions["village_a"], name="张三")
    rows = [
        [
            member.person_id,
            "张三",
            "低保",
            (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
            "",
        ]
    ]
    done = upload(department_user, "civil_assistance", csv_bytes("civil_assistance", rows))
    assert (done.department, done.region) == ("civil_affairs", regions["county"])
    assert list(DepartmentUpload.objects.visible_to(department_user)) == [done]


def test_township_is_told_about_new_clues_once(regions, county_user, township_user, member_in, upload):
    first = member_in(regions["village_a"], name="张三")
    second = member_in(regions["village_b"], name="李四")
    rows = [[first.person_id, "张三", YEAR, "15000"], [second.person_id, "李四", YEAR, "15000"]]
    upload(county_user, "medical_costs", csv_bytes("medical_costs", rows))
    upload(county_user, "medical_costs", csv_bytes("medical_costs", rows))  # nothing new the second time
    messages = list(township_user.notifications.values_list("message", flat=True))
    assert len(messages) == 1 and "新增2条" in messages[0]


def test_bytes_neither_utf8_nor_gbk_are_refused(county_user):
    content = "身份证号,姓名,年度,合规自付医疗费用（元）\n".encode() + b"\xff\xfa\xff\n"
    assert "编码" in refused(county_user, "medical_costs", content)


def test_encoding_error_deep_in_the_file_writes_nothing(regions, county_user, member_in, upload):
    member = member_in(regions["village_a"], name="张三")
    good = [[member.person_id, "张三", YEAR, "100"]] * 3000  # ~100 KB: past what the sniffer reads
    content = csv_bytes("medical_costs", good) + b"\xff\xfe,x,2025,1\n"
    done = upload(county_user, "medical_costs", content)
    assert done.status == DepartmentUpload.Status.INVALID and "解码" in done.message
    assert nothing_written()


def test_a_clue_of_a_household_with_an_open_case_joins_it(regions, county_user, cadre_a, member_in, upload):
    from monitoring.models import Case

    monitored = member_in(regions["village_a"], name="张三")
    closed = member_in(regions["village_a"], name="李四")
    cases = {}
    for member, status in ((monitored, Case.Status.MONITORED), (closed, Case.Status.ELIMINATED)):
        cases[member.pk] = Case.objects.create(
            household=member.household,
            village=regions["village_a"],
            category="边缘易致贫户",
            channel="干部走访排查",
            status=status,
            found_on=timezone.localdate(),
            deadline=timezone.localdate(),
            created_by=cadre_a,
        )
    rows = [[m.person_id, m.name, YEAR, "15000"] for m in (monitored, closed)]
    upload(county_user, "medical_costs", csv_bytes("medical_costs", rows))
    joined = Clue.objects.get(member=monitored)
    assert (joined.status, joined.case) == (Clue.Status.JOINED, cases[monitored.pk])
    assert Clue.objects.get(member=closed).status == Clue.Status.NEW


def test_deleting_an_upload_still_takes_its_results_and_keeps_its_clues(
    regions, county_user, member_in, upload
):
    """Results and clues name their upload without a database constraint (no per-row check at
    COMMIT): the ORM still applies CASCADE to the results and SET_NULL to the clues."""
    member = member_in(regions["village_a"], name="张三")
    rows = [[member.person_id, "张三", YEAR, "15000"], ["110101199003070150", "王五", YEAR, "100"]]
    done = upload(county_user, "medical_costs", csv_bytes("medical_costs", rows))
    assert MatchResult.objects.filter(upload=done).count() == 2  # unmatched + the rule's row
    clue = Clue.objects.get(upload=done)
    done.delete()
    assert not MatchResult.objects.exists()
    clue.refresh_from_db()
    assert clue.upload_id is None and clue.created_by_id == county_user.pk
