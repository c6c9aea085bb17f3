"""Persona fixtures shared by every app's tests (STYLE.md): a cadre of village A and of village B,
a township reviewer, a county approver, a viewer, a department user and a user with no role."""

import os
import shutil

import pytest
from django.db import connections

from accounts.models import Department, Role, RoleAssignment, User
from regions.models import Region


def require_or_skip(reason: str):
    """Skip locally when a service or browser is missing; in CI (REQUIRE_SERVICES=1) fail instead."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def regions(db):
    city = Region.objects.create(code="500000000000", name="重庆市", level=Region.Level.CITY)
    county = Region.objects.create(code="500230000000", name="丰都县", level=Region.Level.COUNTY, parent=city)
    other_county = Region.objects.create(
        code="500243000000", name="彭水县", level=Region.Level.COUNTY, parent=city
    )
    township = Region.objects.create(
        code="500230201000", name="栗子乡", level=Region.Level.TOWNSHIP, parent=county
    )
    other_township = Region.objects.create(
        code="500230103000", name="江池镇", level=Region.Level.TOWNSHIP, parent=county
    )
    return {
        "city": city,
        "county": county,
        "other_county": other_county,
        "township": township,
        "other_township": other_township,
        "village_a": Region.objects.create(
            code="500230201201", name="建龙村", level=Region.Level.VILLAGE, parent=township
        ),
        "village_b": Region.objects.create(
            code="500230201202", name="联合村", level=Region.Level.VILLAGE, parent=township
        ),
        "village_c": Region.objects.create(
            code="500230103201", name="徐坪村", level=Region.Level.VILLAGE, parent=other_township
        ),
    }


def make_user(username, role=None, *regions, department="", full_ids=False, **fields):
    user = User.objects.create_user(username=username, password="test-pass-123", **fields)
    if role:
        assignment = RoleAssignment.objects.create(
            user=user, role=role, department=department, full_ids=full_ids
        )
        assignment.regions.set(regions)
    return user


@pytest.fixture
def cadre_a(regions):
    return make_user("cadre_a", Role.VILLAGE, regions["village_a"])


@pytest.fixture
def cadre_b(regions):
    return make_user("cadre_b", Role.VILLAGE, regions["village_b"])


@pytest.fixture
def township_user(regions):
    return make_user("township_user", Role.TOWNSHIP, regions["township"])


@pytest.fixture
def county_user(regions):
    return make_user("county_user", Role.COUNTY, regions["county"], full_ids=True)


@pytest.fixture
def viewer(regions):
    return make_user("viewer_user", Role.VIEWER, regions["county"])


@pytest.fixture
def department_user(regions):
    return make_user("dept_user", Role.DEPARTMENT, regions["county"], department=Department.CIVIL_AFFAIRS)


@pytest.fixture
def nobody(regions):
    return make_user("nobody")


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="root", password="test-pass-123")


@pytest.fixture
def client_for(client):
    """``client_for(user)`` logs the test client in as ``user``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        require_or_skip("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
def phone_page(chromium_path, live_server):
    """A Playwright page in headless Chromium with a 360 px wide phone viewport."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the same
    # thread (fixtures, assertions) are safe here, so lift the async guard for browser tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN", is_mobile=True)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        try:
            yield page
        finally:
            browser.close()
            # ORM calls made while Playwright runs (fixtures, assertions) open their own
            # connection; close it here, or it outlives the run and the test database
            # cannot be dropped.
            connections.close_all()


def browser_login(page, username, password="test-pass-123"):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads and generated files go to a temporary folder, never into the work tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in-process in every test, as in the embedded default, even when CI's REDIS_URL
    names a broker with no worker behind it (a ``.delay().get()`` would wait for ever). The tests
    of the real broker set ``task_always_eager=False`` themselves."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
