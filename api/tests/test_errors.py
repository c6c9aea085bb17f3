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
