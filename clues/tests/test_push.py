"""``POST/GET /api/v1/department-records/``: department systems push records into the matching."""

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Department, Role
from clues.models import Clue, DepartmentRecord, DepartmentUpload, MatchResult
from clues.push import MAX_BATCH
from clues.tests.conftest import csv_bytes
from conftest import make_user

YEAR = str(timezone.localdate().year - 1)
URL = "/api/v1/department-records/"
UNKNOWN = "110101199003070150"  # valid, not in the register


def api(user):
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def push(user, records, kind="medical_costs"):
    return api(user).post(URL, {"kind": kind, "records": records}, format="json")


@pytest.fixture
def mz_user(regions):
    return make_user("mz_user", Role.DEPARTMENT, regions["county"], department=Department.CIVIL_AFFAIRS)


def costs(record_id, person_id, name, amount, year=YEAR):
    return {"record_id": record_id, "person_id": person_id, "name": name, "year": year, "amount": amount}


def test_a_push_is_matched_like_a_file_and_idempotent(regions, yibao_user, member_in):
    sick = member_in(regions["village_a"], name="张三")
    records = [costs("R1", sick.person_id, "张三", "15000"), costs("R2", UNKNOWN, "王五", "100")]
    first = push(yibao_user, records)
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (2, 0, 0)
    assert body["counts"]["new_clues"] == 1 and body["counts"]["unmatched"] == 1
    assert {(r["record_id"], r["outcome"]) for r in body["results"]} == {("R1", "clue"), ("R2", "unmatched")}
    upload = DepartmentUpload.objects.get(pk=body["upload"])
    assert (upload.via, upload.status, upload.rows) == ("api", "done", 2)
    assert Clue.objects.get().upload_id == upload.pk

    again = push(yibao_user, records)  # the same records again: nothing new, nothing matched again
    assert again.status_code == 200
    assert (again.json()["unchanged"], again.json()["upload"]) == (2, None)
    assert DepartmentRecord.objects.count() == 2 and DepartmentUpload.objects.count() == 1

    changed = push(
        yibao_user, [costs("R2", UNKNOWN, "王五", "200"), costs("R1", sick.person_id, "张三", "15000")]
    )
    body = changed.json()
    assert (changed.status_code, body["updated"], body["unchanged"], body["created"]) == (201, 1, 1, 0)
    record = DepartmentRecord.objects.get(record_id="R2")
    assert record.values["amount"] == "200.00" and record.upload_id == body["upload"]
    assert record.history.count() == 2
    assert Clue.objects.count() == 1  # the same signal raises no second clue


def test_push_gives_the_same_clues_and_results_as_a_file(regions, yibao_user, member_in, upload):
    a = member_in(regions["village_a"], name="张三")
    b = member_in(regions["village_a"], name="李四")
    rows = [
        [a.person_id, "张三", YEAR, "15000"],
        [b.person_id, "李肆", YEAR, "20000"],
        [UNKNOWN, "王五", YEAR, "1"],
    ]
    body = push(yibao_user, [costs(f"R{i}", *row[:2], row[3], row[2]) for i, row in enumerate(rows)]).json()
    pushed = DepartmentUpload.objects.get(pk=body["upload"])

    def outcome(of):
        clues = sorted(
            Clue.objects.filter(upload=of).values_list("rule", "risk_type", "member_id", "evidence__amount")
        )
        results = sorted(
            MatchResult.objects.filter(upload=of).values_list("row_number", "person_id", "outcome", "rule")
        )
        counts = {k: v for k, v in of.counts.items() if k != "timings"}
        return clues, results, counts

    pushed_outcome = outcome(pushed)
    Clue.objects.all().delete()  # let the file raise the same clues afresh
    filed = upload(yibao_user, "medical_costs", csv_bytes("medical_costs", rows))
    assert filed.status == "done"
    assert outcome(filed) == pushed_outcome
    assert len(pushed_outcome[0]) == 2


def test_a_bad_record_refuses_the_batch_naming_it(regions, yibao_user, member_in):
    member = member_in(regions["village_a"], name="张三")
    wrong = UNKNOWN[:-1] + ("1" if UNKNOWN[-1] != "1" else "2")
    response = push(
        yibao_user, [costs("OK1", member.person_id, "张三", "100"), costs("BAD7", wrong, "王五", "1.234")]
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_records"
    assert body["errors"]["records.1.person_id"] == ["记录BAD7“身份证号”：身份证号校验位不正确，请核对。"]
    assert body["errors"]["records.1.amount"] == ["记录BAD7“合规自付医疗费用（元）”：金额最多保留两位小数。"]
    assert not DepartmentRecord.objects.exists() and not DepartmentUpload.objects.exists()


def test_duplicate_ids_in_a_batch_are_refused(yibao_user):
    response = push(yibao_user, [costs("R1", UNKNOWN, "王五", "1"), costs("R1", UNKNOWN, "王五", "2")])
    assert response.status_code == 400
    assert response.json()["errors"]["records.1.record_id"] == ["记录R1：同一批中记录编号重复。"]


def test_a_batch_over_ten_thousand_is_refused(yibao_user):
    records = [costs(f"R{i}", UNKNOWN, "王五", "1") for i in range(MAX_BATCH + 1)]
    response = push(yibao_user, records)
    assert response.status_code == 400
    assert response.json()["code"] == "batch_too_large"
    assert "每批最多10000条记录，本批10001条" in response.json()["message"]
    assert not DepartmentUpload.objects.exists()


def test_a_department_pushes_only_its_own_kinds(yibao_user, mz_user):
    assert push(mz_user, [costs("R1", UNKNOWN, "王五", "1")]).status_code == 403
    assert push(yibao_user, [costs("R1", UNKNOWN, "王五", "1")], kind="nonsense").status_code == 400


def test_a_department_sees_only_its_own_records(regions, yibao_user, mz_user, member_in):
    member = member_in(regions["village_a"], name="张三")
    push(yibao_user, [costs("YB1", member.person_id, "张三", "100")])
    civil = {
        "record_id": "MZ1",
        "person_id": member.person_id,
        "name": "张三",
        "code": "低保",
        "event_date": "2025-03-01",
    }
    assert push(mz_user, [civil], kind="civil_assistance").status_code == 201
    assert [r["record_id"] for r in api(yibao_user).get(URL).json()["results"]] == ["YB1"]
    assert [r["record_id"] for r in api(mz_user).get(URL).json()["results"]] == ["MZ1"]
    other = DepartmentRecord.objects.get(record_id="MZ1")
    assert api(yibao_user).get(f"{URL}{other.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["county_user", "township_user", "cadre_a", "viewer"])
def test_other_roles_are_refused(role, request, regions):
    user = (
        request.getfixturevalue(role) if role != "viewer" else make_user("v", Role.VIEWER, regions["county"])
    )
    client = api(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kind": "medical_costs", "records": []}, format="json").status_code == 403


def test_the_list_takes_two_queries_whatever_its_length(
    regions, yibao_user, member_in, django_assert_max_num_queries
):
    push(yibao_user, [costs(f"R{i}", UNKNOWN, "王五", "1") for i in range(30)])
    client = api(yibao_user)
    client.get(URL)  # the token and the user's roles are loaded once per request either way
    with django_assert_max_num_queries(8):
        assert len(client.get(URL).json()["results"]) == 30


def test_the_schema_documents_the_push(county_user):
    client = APIClient()
    client.force_login(county_user)
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/v1/department-records/"]["post"]
    assert "YB-2025-000123" in str(post["requestBody"])
    assert "201" in post["responses"]
