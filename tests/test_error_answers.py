"""What people and API clients see when something goes wrong: Chinese pages, the API's JSON body
for every failure (500, database down → 503), and a dashboard that survives a dead cache."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from households.api.views import HouseholdViewSet

HOUSEHOLDS_API = "/api/v1/households/"


@pytest.fixture
def api_client(cadre_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cadre_a).key}")
    return client


def test_permission_denied_in_a_page_is_a_chinese_page(client_for, cadre_a):
    # Editing the monitoring lines is for county users: the view raises PermissionDenied.
    response = client_for(cadre_a).post(reverse("households:lines"), {})
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and "Forbidden" not in body
    assert 'lang="zh-hans"' in body


def test_unknown_page_is_a_chinese_page(client_for, cadre_a):
    response = client_for(cadre_a).get("/households/999999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "Not Found" not in body


def test_unknown_api_path_answers_json(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_view_that_raises_answers_json_500(api_client, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(HouseholdViewSet, "list", broken)
    response = api_client.get(HOUSEHOLDS_API)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error"
    assert "服务器内部错误" in response.json()["message"]


def test_api_with_database_down_answers_json_503(api_client, monkeypatch):
    def down(self, request, *args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(HouseholdViewSet, "list", down)
    response = api_client.get(HOUSEHOLDS_API)
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"


def _database_down_in_middleware(monkeypatch):
    """The session middleware is the first to touch the database, before any view runs."""

    def down(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(SessionStore, "load", down)


def test_database_down_before_the_view_api_answers_json_503(client_for, cadre_a, monkeypatch):
    client = client_for(cadre_a)
    client.raise_request_exception = False
    _database_down_in_middleware(monkeypatch)
    response = client.get(HOUSEHOLDS_API)
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"


def test_database_down_page_is_a_chinese_503(client_for, cadre_a, monkeypatch):
    client = client_for(cadre_a)
    client.raise_request_exception = False
    _database_down_in_middleware(monkeypatch)
    response = client.get(reverse("households:list"))
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


def test_page_error_is_a_chinese_500(client_for, cadre_a, monkeypatch):
    def broken(request):
        raise RuntimeError("bug")

    monkeypatch.setattr("indicators.views.dashboard_context", broken)  # the home view's name for it
    client = client_for(cadre_a)
    client.raise_request_exception = False
    response = client.get(reverse("dashboard"))
    assert response.status_code == 500
    assert "服务器内部错误" in response.content.decode()


def test_dashboard_works_with_the_cache_down(client_for, county_user, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client_for(county_user).get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["dashboard"]["panels"]


def test_api_with_redis_down_answers_json_503(api_client, settings):
    """The API throttles count in the cache: with Redis down the answer is a JSON 503, not HTML."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = api_client.get(HOUSEHOLDS_API)
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
