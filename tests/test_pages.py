from django.urls import reverse


def test_login_page_speaks_chinese(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "登录守线" in body
    assert "用户名" in body  # Django's own form labels in zh-hans
    assert 'lang="zh-hans"' in body


def test_home_shows_roles_and_menu_by_role(client_for, county_user, cadre_a):
    body = client_for(county_user).get(reverse("home")).content.decode()
    assert "县级审定" in body and "丰都县" in body
    assert "政策参数" in body
    body = client_for(cadre_a).get(reverse("home")).content.decode()
    assert "政策参数" not in body


def test_home_tells_user_without_role(client_for, nobody):
    assert "尚未分配角色" in client_for(nobody).get(reverse("home")).content.decode()


def test_healthz_checks_database(client, db, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "pages": "ok"}


def test_healthz_reports_unreachable_broker(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")


def test_static_assets_are_local(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "http://" not in body and "https://" not in body


def test_browser_asking_for_english_still_gets_chinese(client, db):
    body = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "用户名" in body and "Username" not in body


def test_favicon_is_served_locally(client, db):
    """/favicon.ico answered 404 on every page."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    assert 'rel="icon"' in client.get(reverse("accounts:login")).content.decode()
