"""One JSON error shape: {"code", "message" (Chinese), "errors"}."""

import pytest
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIRequestFactory

from api.errors import exception_handler
from common.errors import Conflict, ServiceError


def handle(exc):
    request = APIRequestFactory().get("/")
    return exception_handler(exc, {"request": request, "view": None})


def test_service_error_keeps_its_code_message_and_field():
    response = handle(ServiceError("收入高于监测范围，不能纳入。", code="income_above_line", field="income"))
    assert response.status_code == 400
    assert response.data == {
        "code": "income_above_line",
        "message": "收入高于监测范围，不能纳入。",
        "errors": {"income": ["收入高于监测范围，不能纳入。"]},
    }


def test_conflict_is_409():
    response = handle(Conflict("该记录已被他人处理，请刷新后重试。", code="stale"))
    assert response.status_code == 409
    assert response.data["code"] == "stale"


def test_validation_error_lists_fields_under_a_chinese_message():
    response = handle(ValidationError({"name": ["必填。"]}))
    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    assert response.data["errors"] == {"name": ["必填。"]}
    assert "数据有误" in response.data["message"]


def test_django_permission_denied_is_403_in_chinese():
    from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

    response = handle(DjangoPermissionDenied())
    assert response.status_code == 403
    assert response.data["code"] == "permission_denied"
    assert "无权" in response.data["message"]


def test_a_specific_permission_message_is_kept():
    response = handle(PermissionDenied("只有村级信息员可以登记走访。", code="village_only"))
    assert response.data == {"code": "village_only", "message": "只有村级信息员可以登记走访。", "errors": {}}


@pytest.mark.django_db
def test_unknown_method_is_405_json(api_for, cadre_a):
    response = api_for(cadre_a).delete("/api/v1/regions/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_nested_validation_errors_are_flat_with_dotted_keys():
    detail = {
        "members": [{}, {"months_worked": ["不能大于 12。"], "non_field_errors": ["重复。"]}],
        "new_risks": {"0": ["无效选项。"]},
        "address": ["过长。"],
    }
    response = handle(ValidationError(detail))
    assert response.data["errors"] == {
        "members.1.months_worked": ["不能大于 12。"],
        "members.1.non_field_errors": ["重复。"],
        "new_risks.0": ["无效选项。"],
        "address": ["过长。"],
    }


def test_a_list_of_errors_is_non_field_errors():
    assert handle(ValidationError(["整体有误。"])).data["errors"] == {"non_field_errors": ["整体有误。"]}


@pytest.mark.django_db
def test_a_serializer_refusal_and_a_service_refusal_use_the_same_key_shape(api_for, cadre_a, regions):
    from .test_writes import member, new_household

    client = api_for(cadre_a)
    by_serializer = client.post(
        "/api/v1/households/",
        new_household(regions["village_a"], members=[member(months_worked=13)]),
        format="json",
    ).json()["errors"]
    by_service = client.post(
        "/api/v1/households/",
        new_household(regions["village_a"], members=[member(id_number="500230197503091234")]),
        format="json",
    ).json()["errors"]
    assert list(by_serializer) == ["members.0.months_worked"]
    assert list(by_service) == ["members.0.id_number"]
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in by_serializer.values())
