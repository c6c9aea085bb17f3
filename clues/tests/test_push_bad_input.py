"""``POST /api/v1/department-records/`` with bad bodies: a Chinese 400, never a 500, nothing written."""

import pytest

from clues.models import DepartmentRecord, DepartmentUpload
from clues.tests.test_push import UNKNOWN, URL, YEAR, api, costs, push


@pytest.mark.parametrize(
    "body",
    [
        [1, 2],
        "text",
        {"kind": "medical_costs"},
        {"kind": "medical_costs", "records": {"record_id": "R1"}},
        {"kind": ["medical_costs"], "records": [costs("R1", UNKNOWN, "王五", "1")]},
        {"kind": "medical_costs", "records": [1]},
        {"kind": "medical_costs", "records": [None]},
    ],
)
def test_a_malformed_body_is_a_chinese_400(yibao_user, body):
    response = api(yibao_user).post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert "records" in str(response.json()) or "kind" in str(response.json())
    assert not DepartmentUpload.objects.exists()


@pytest.mark.parametrize(
    "record",
    [
        {"record_id": {"a": 1}, "person_id": UNKNOWN, "name": "王五", "year": YEAR, "amount": "1"},
        {"record_id": ["R1"], "person_id": UNKNOWN, "name": "王五", "year": YEAR, "amount": "1"},
        {"record_id": "R1", "person_id": UNKNOWN, "name": {"x": "王五"}, "year": YEAR, "amount": "1"},
        {"record_id": "R1", "person_id": UNKNOWN, "name": "王五", "year": YEAR, "amount": "-1"},
        {"record_id": "R1", "person_id": UNKNOWN, "name": "王五", "year": "2999", "amount": "1"},
        {"record_id": "R1", "person_id": UNKNOWN, "name": "王五", "year": YEAR, "amount": "NaN"},
        {"record_id": "R1", "person_id": UNKNOWN, "name": "王五", "year": YEAR, "amount": True},
        {"record_id": "R" * 65, "person_id": UNKNOWN, "name": "王五", "year": YEAR, "amount": "1"},
        {"record_id": "R1", "person_id": UNKNOWN, "name": "王" * 65, "year": YEAR, "amount": "1"},
    ],
)
def test_a_bad_value_refuses_the_batch(yibao_user, record):
    response = push(yibao_user, [record])
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_records", response.json()
    assert not DepartmentRecord.objects.exists() and not DepartmentUpload.objects.exists()
