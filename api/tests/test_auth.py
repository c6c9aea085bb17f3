import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def test_request_without_token_is_401_with_chinese_json():
    response = APIClient().get("/api/v1/households/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "令牌" in response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Token")


def test_unknown_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = client.get("/api/v1/households/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_token_endpoint_issues_a_token_that_authenticates(cadre_a):
    response = APIClient().post(TOKEN_URL, {"username": "cadre_a", "password": "test-pass-123"})
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=cadre_a).key == key

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/households/").status_code == 200


def test_token_endpoint_returns_the_same_token_until_revoked(cadre_a):
    first = APIClient().post(TOKEN_URL, {"username": "cadre_a", "password": "test-pass-123"}).json()["token"]
    again = APIClient().post(TOKEN_URL, {"username": "cadre_a", "password": "test-pass-123"}).json()["token"]
    assert first == again


def test_revoked_token_is_refused(cadre_a):
    token = Token.objects.create(user=cadre_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    token.delete()  # what the admin's delete does
    assert client.get("/api/v1/households/").status_code == 401


def test_wrong_password_gets_no_token(cadre_a):
    response = APIClient().post(TOKEN_URL, {"username": "cadre_a", "password": "wrong"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_credentials"
    assert not Token.objects.exists()


def test_inactive_user_gets_no_token(cadre_a):
    cadre_a.is_active = False
    cadre_a.save()
    response = APIClient().post(TOKEN_URL, {"username": "cadre_a", "password": "test-pass-123"})
    assert response.status_code == 400


def test_token_request_without_fields_lists_field_errors():
    response = APIClient().post(TOKEN_URL, {})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"username", "password"}


def test_session_login_works_for_the_browsable_api(client_for, cadre_a):
    client = client_for(cadre_a)
    response = client.get("/api/v1/households/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"<html" in response.content


def test_tokens_are_revocable_in_the_admin(client_for, superuser, cadre_a):
    Token.objects.create(user=cadre_a)
    response = client_for(superuser).get("/admin/authtoken/tokenproxy/")
    assert response.status_code == 200
    assert b"cadre_a" in response.content


def test_admin_revocation_is_logged_by_whose_token_not_by_its_key(client_for, superuser, cadre_a):
    from django.contrib.admin.models import LogEntry

    key = Token.objects.create(user=cadre_a).key
    client = client_for(superuser)
    response = client.post(f"/admin/authtoken/tokenproxy/{cadre_a.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Token.objects.filter(user=cadre_a).exists()
    entry = LogEntry.objects.get(user=superuser)
    assert (entry.object_repr, entry.change_message) == ("cadre_a 的接口令牌", "管理员吊销接口令牌")
    assert key not in f"{entry.object_id} {entry.object_repr} {entry.change_message}"
