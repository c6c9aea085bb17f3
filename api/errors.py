"""One mapping from every error the API can raise to one JSON body.

``{"code": "machine_code", "message": "中文说明", "errors": {"field": ["…"]}}``: clients branch on
``code``, show ``message`` to people, and find per-field problems in ``errors``, always flat with
dotted keys for nested items (``members.0.id_number``), whether a serializer or a service refused. Services raise
:class:`common.errors.ServiceError`; it is mapped here once, never caught in a view.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import ServiceError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Chinese messages for DRF's own exceptions (its defaults are English or generic).
MESSAGES: dict[type[Exception], tuple[str, "StrOrPromise"]] = {
    exceptions.NotAuthenticated: ("not_authenticated", _("未登录或未提供令牌。")),
    exceptions.AuthenticationFailed: ("authentication_failed", _("令牌无效或已撤销。")),
    exceptions.PermissionDenied: ("permission_denied", _("您的角色无权执行此操作。")),
    exceptions.NotFound: ("not_found", _("记录不存在或不在您的权限范围内。")),
    exceptions.MethodNotAllowed: ("method_not_allowed", _("不支持该请求方法。")),
    exceptions.NotAcceptable: ("not_acceptable", _("不支持请求的响应格式。")),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", _("不支持的请求内容类型。")),
    exceptions.Throttled: ("throttled", _("请求过于频繁，请稍后再试。")),
    exceptions.ParseError: ("parse_error", _("请求内容格式错误。")),
    exceptions.ValidationError: ("invalid", _("提交的数据有误，请检查后重试。")),
}


def _field_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's error detail as a flat ``{field: [messages]}``: nested serializers and list items
    become dotted keys (``members.0.months_worked``), the same keys a ServiceError's ``field``
    uses; errors not tied to a field go under ``non_field_errors`` (or ``<prefix>.non_field_errors``)."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_field_errors(value, f"{prefix}{key}."))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_field_errors(item, f"{prefix}{index}."))  # valid items ({}) drop out
        return flat
    messages = [str(item) for item in detail] if isinstance(detail, list) else [str(detail)]
    return {prefix.rstrip(".") or "non_field_errors": messages}


def error_body(code: str, message: str, errors: dict | None = None) -> dict:
    return {"code": code, "message": message, "errors": errors or {}}


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        errors = {exc.field: [exc.message]} if exc.field else {}
        errors.update(getattr(exc, "errors", None) or {})  # per-item errors (clues.push.RecordsInvalid)
        return Response(error_body(exc.code, exc.message, errors), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: a 500, logged by Django as usual
    code, message = next(
        (MESSAGES[kind] for kind in type(exc).__mro__ if kind in MESSAGES), ("error", _("请求失败。"))
    )
    errors = {}
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
    elif (
        isinstance(exc, exceptions.PermissionDenied | exceptions.NotFound)
        and exc.detail != exc.default_detail
    ):
        # Raised with a specific Chinese message (and code) by our own code: keep both.
        message = str(exc.detail)
        if isinstance(exc.detail, exceptions.ErrorDetail) and exc.detail.code != exc.default_code:
            code = str(exc.detail.code)
    response.data = error_body(code, str(message), errors)
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response
