"""Error answers outside DRF's own exception handler: Chinese pages for people, the API's JSON body
(``api.errors.error_body``) under ``/api/`` for every failure, including 500 and a database that is
down (503), and the login lockout (django-axes)."""

import logging
import sys

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from api.errors import error_body

logger = logging.getLogger("django.request")

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _unavailable(exc: BaseException | None) -> bool:
    """A database (or Redis) that does not answer is an outage (503, retry later), not a bug (500)."""
    return isinstance(exc, DatabaseError | RedisConnectionError | RedisTimeoutError)


def _api_failure(exc: BaseException | None) -> JsonResponse:
    if _unavailable(exc):
        body = error_body("service_unavailable", _("服务暂时不可用（数据库或缓存无法连接），请稍后重试。"))
        return JsonResponse(body, status=503, headers={"Retry-After": "30"})
    return JsonResponse(error_body("server_error", _("服务器内部错误，已记录，请稍后重试。")), status=500)


class ApiErrorMiddleware:
    """An exception DRF's handler leaves unhandled (anything but its own 4xx) becomes the API's
    JSON error instead of Django's HTML 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not _is_api(request) or isinstance(
            exc, Http404 | PermissionDenied | BadRequest | SuspiciousOperation
        ):
            return None  # Django maps these to 400/403/404 (the handlers below), the rest to 500
        logger.error("Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500})
        return _api_failure(exc)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("parse_error", _("请求内容格式错误。")), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("permission_denied", _("您的角色无权执行此操作。")), status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("not_found", _("记录不存在或不在您的权限范围内。")), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Called while Django handles the exception (an error in a view or in a middleware), so
    ``sys.exc_info()`` names it. The page uses no context processor: they may be what failed."""
    exc = sys.exc_info()[1]
    if _is_api(request):
        return _api_failure(exc)
    status = 503 if _unavailable(exc) else 500
    return HttpResponse(loader.get_template("500.html").render({"unavailable": status == 503}), status=status)


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes: too many wrong passwords for this username from this address."""
    message = _("登录失败次数过多，账号已暂时锁定。请稍后再试，或联系县级管理员解除锁定。")
    if _is_api(request):
        return JsonResponse(error_body("locked_out", message), status=429)
    html = loader.render_to_string("lockout.html", {"message": message}, request)
    return HttpResponse(html, status=429)
