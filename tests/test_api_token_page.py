"""The 接口令牌 page: issue, show once, reissue, revoke; every step in the admin log, no key there."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/households/").status_code


def test_page_needs_login(client):
    response = client.get(reverse("accounts:api_token"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_issue_shows_the_key_once_and_the_key_opens_the_api(client_for, cadre_a):
    client = client_for(cadre_a)
    assert "您目前没有接口令牌" in client.get(reverse("accounts:api_token")).content.decode()
    assert client.post(reverse("accounts:api_token_issue")).status_code == 302
    key = Token.objects.get(user=cadre_a).key
    first = client.get(reverse("accounts:api_token")).content.decode()
    assert key in first and "请立即复制" in first
    again = client.get(reverse("accounts:api_token")).content.decode()
    assert key not in again and key[-4:] in again
    assert api_status(key) == 200


def test_reissue_voids_the_old_key_and_revoke_voids_the_new(client_for, cadre_a):
    client = client_for(cadre_a)
    old = Token.objects.create(user=cadre_a).key
    client.post(reverse("accounts:api_token_issue"))
    new = Token.objects.get(user=cadre_a).key
    assert new != old and api_status(old) == 401 and api_status(new) == 200
    response = client.post(reverse("accounts:api_token_revoke"), follow=True)
    assert "接口令牌已吊销" in response.content.decode()
    assert not Token.objects.filter(user=cadre_a).exists() and api_status(new) == 401


def test_each_change_is_logged_without_the_key(client_for, cadre_a):
    client = client_for(cadre_a)
    client.post(reverse("accounts:api_token_issue"))
    first = Token.objects.get(user=cadre_a).key
    client.post(reverse("accounts:api_token_issue"))
    second = Token.objects.get(user=cadre_a).key
    client.post(reverse("accounts:api_token_revoke"))
    entries = list(LogEntry.objects.filter(user=cadre_a).order_by("pk"))
    assert [e.change_message for e in entries] == [
        "签发接口令牌",
        "重新签发接口令牌（原令牌作废）",
        "吊销接口令牌",
    ]
    assert all(e.object_repr == "cadre_a 的接口令牌" for e in entries)
    logged = " ".join(f"{e.object_id} {e.object_repr} {e.change_message}" for e in entries)
    assert first not in logged and second not in logged


def test_token_endpoint_logs_a_first_issue_only(cadre_a):
    client = APIClient()
    for _ in range(2):
        response = client.post("/api/v1/auth/token/", {"username": "cadre_a", "password": "test-pass-123"})
        assert response.status_code == 200
    assert LogEntry.objects.filter(user=cadre_a, change_message="签发接口令牌").count() == 1


@pytest.mark.parametrize("name", ["accounts:api_token_issue", "accounts:api_token_revoke"])
def test_changes_only_by_post(client_for, cadre_a, name):
    assert client_for(cadre_a).get(reverse(name)).status_code == 405
    assert not Token.objects.filter(user=cadre_a).exists()


def test_the_user_menu_links_the_page(client_for, cadre_a):
    assert reverse("accounts:api_token") in client_for(cadre_a).get(reverse("home")).content.decode()
