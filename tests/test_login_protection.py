"""Password guessing: django-axes locks a username for one client address after a few failures,
on the login page and the API token endpoint alike; an administrator lifts it (logged). Client
addresses come from X-Forwarded-For only as far as our own proxies wrote it."""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import DELETION, LogEntry
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from common.clientip import client_ip

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # throttle counters
    yield
    cache.clear()


def _fail(client, url, username, times):
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong-password"})


def test_login_page_locks_after_failures_even_with_the_right_password(client, cadre_a, settings):
    _fail(client, LOGIN, "cadre_a", settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "cadre_a", "password": "test-pass-123"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_typos_do_not_lock(client, cadre_a, settings):
    _fail(client, LOGIN, "cadre_a", settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(LOGIN, {"username": "cadre_a", "password": "test-pass-123"})
    assert response.status_code == 302


def test_api_token_endpoint_locks_too_with_a_json_error(cadre_a, settings):
    api = APIClient()
    _fail(api, TOKEN, "cadre_a", settings.AXES_FAILURE_LIMIT)
    response = api.post(TOKEN, {"username": "cadre_a", "password": "test-pass-123"})
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "登录失败次数过多" in response.json()["message"]


def test_admin_lifts_a_lockout_and_it_is_logged(client, client_for, cadre_a, superuser, settings):
    anonymous = type(client)()
    _fail(anonymous, LOGIN, "cadre_a", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="cadre_a")
    admin = client_for(superuser)
    delete_url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(delete_url, {"post": "yes"}).status_code == 302
    assert LogEntry.objects.filter(user=superuser, action_flag=DELETION, object_id=str(attempt.pk)).exists()
    response = anonymous.post(LOGIN, {"username": "cadre_a", "password": "test-pass-123"})
    assert response.status_code == 302


def test_spoofed_forwarded_for_does_not_escape_the_token_endpoint_throttle(db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    api = APIClient()
    codes = [
        api.post(TOKEN, {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code
        for i in range(5)
    ]
    assert codes[:3] == [400, 400, 400]
    assert codes[3:] == [429, 429]


@pytest.mark.parametrize(
    "count,forwarded,expected",
    [
        (0, "6.6.6.6", "10.1.1.1"),  # no trusted proxy: the header is the client's own words
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # Caddy appended the real peer last
        (1, "203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 172.18.0.5", "203.0.113.9"),
        (1, None, "10.1.1.1"),
    ],
)
def test_client_address_trusts_only_our_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", **extra)
    assert client_ip(request) == expected


def test_drf_and_axes_read_the_same_proxy_setting():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT
    assert settings.AXES_CLIENT_IP_CALLABLE == "common.clientip.client_ip"


def test_county_user_lifts_a_lockout_in_their_county_on_the_page(
    client, client_for, cadre_a, county_user, settings
):
    anonymous = type(client)()
    _fail(anonymous, LOGIN, "cadre_a", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="cadre_a")
    county = client_for(county_user)
    page = county.get(reverse("accounts:lockouts"))
    assert page.status_code == 200 and "cadre_a" in page.content.decode()
    assert county.post(reverse("accounts:lockout_lift", args=[attempt.pk])).status_code == 302
    entry = LogEntry.objects.get(user=county_user, action_flag=DELETION, object_id=str(attempt.pk))
    assert "cadre_a" in entry.object_repr
    assert anonymous.post(LOGIN, {"username": "cadre_a", "password": "test-pass-123"}).status_code == 302


def test_lockout_page_is_for_county_users_only(client, client_for, cadre_a, county_user, superuser, settings):
    assert client_for(cadre_a).get(reverse("accounts:lockouts")).status_code == 403
    assert reverse("accounts:lockouts") not in client_for(cadre_a).get(reverse("home")).content.decode()
    assert reverse("accounts:lockouts") in client_for(county_user).get(reverse("home")).content.decode()
    anonymous = type(client)()
    _fail(anonymous, LOGIN, "root", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="root")
    county = client_for(county_user)
    assert "root" not in county.get(reverse("accounts:lockouts")).content.decode()
    assert county.post(reverse("accounts:lockout_lift", args=[attempt.pk])).status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
