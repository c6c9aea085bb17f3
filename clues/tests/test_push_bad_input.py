"""``POST /api/v1/department-records/`` with bad bodies: a Chinese 400, never a 500, nothing written."""

import re

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


def test_errors_outside_the_records_are_chinese_too(yibao_user, county_user):
    from rest_framework.test import APIClient

    bad_json = api(yibao_user).post(URL, "{not json", content_type="application/json")
    anonymous = APIClient().post(URL, {"kind": "medical_costs", "records": []}, format="json")
    other_role = api(county_user).post(URL, {"kind": "medical_costs", "records": []}, format="json")
    for response, code in ((bad_json, 400), (anonymous, 401), (other_role, 403)):
        assert response.status_code == code
        assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{3,}", str(response.json())), response.json()
