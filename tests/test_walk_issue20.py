"""Issue 20 acceptance walk: every page and form of employment, microcredit, relocation, the asset
fund, the village notice and the 脱贫村 page, per demo role, on the demo county.

Each page answers 200, 403 or 404 (never 500); an object outside the user's scope is 404 on its
own page; every 200 page is free of English UI words (tests/test_nav_crawl.py ENGLISH)."""

from typing import Any

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_USERS
from accounts.models import Role, User
from accounts.scope import user_may
from assets.models import FundRequest
from employment.actions import APPOINTMENT_ACTIONS
from employment.models import Appointment, Attendance, FollowUp, WelfarePost
from microcredit.actions import LOAN_ACTIONS
from microcredit.models import Loan
from regions.models import Region
from relocation.models import Site
from tests.test_nav_crawl import ENGLISH, visible_text

USERNAMES = [u[0] for u in DEMO_USERS] + ["admin"]

LIST_PAGES = [
    "employment:records",
    "employment:follow_ups",
    "employment:posts",
    "employment:post_add",
    "microcredit:loan_list",
    "microcredit:loan_add",
    "relocation:site_list",
    "relocation:dashboard",
    "relocation:site_add",
    "assets:fund",
    "assets:fund_contribute",
    "assets:notice",
    "households:former_poor_villages",
]

API_LISTS = [
    "/api/v1/employment/",
    "/api/v1/welfare-posts/",
    "/api/v1/loans/",
    "/api/v1/relocation-sites/",
    "/api/v1/asset-fund-requests/",
]


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", households=40, stdout=open("/dev/null", "w"))


def object_pages() -> list[tuple[str, Any, Any]]:
    """(url, model, pk) for the pages of each object of these features (a few of each)."""
    pages: list[tuple[str, Any, Any]] = []
    for follow_up in FollowUp.objects.all()[:3]:
        pages.append((reverse("employment:follow_up", args=[follow_up.pk]), FollowUp, follow_up.pk))
    for post in WelfarePost.objects.all()[:3]:
        pages.append((reverse("employment:post", args=[post.pk]), WelfarePost, post.pk))
        pages.append((reverse("employment:propose", args=[post.pk]), WelfarePost, post.pk))
    for appointment in Appointment.objects.all()[:3]:
        pages.append((reverse("employment:appointment", args=[appointment.pk]), Appointment, appointment.pk))
        pages.append(
            (reverse("employment:attendance_add", args=[appointment.pk]), Appointment, appointment.pk)
        )
        for verb in APPOINTMENT_ACTIONS:
            pages.append(
                (
                    reverse(f"employment:appointment_{verb}", args=[appointment.pk]),
                    Appointment,
                    appointment.pk,
                )
            )
    for attendance in Attendance.objects.all()[:2]:
        pages.append((reverse("employment:subsidy_pay", args=[attendance.pk]), Attendance, attendance.pk))
    for status in Loan.objects.values_list("status", flat=True).distinct():
        loan = Loan.objects.filter(status=status).first()
        assert loan is not None
        pages.append((reverse("microcredit:loan", args=[loan.pk]), Loan, loan.pk))
        for verb in LOAN_ACTIONS:
            pages.append((reverse(f"microcredit:loan_{verb}", args=[loan.pk]), Loan, loan.pk))
    for site in Site.objects.all()[:3]:
        for name in ("relocation:site", "relocation:site_edit", "relocation:site_link"):
            pages.append((reverse(name, args=[site.pk]), Site, site.pk))
    for status in FundRequest.objects.values_list("status", flat=True).distinct():
        request = FundRequest.objects.filter(status=status).first()
        assert request is not None
        pages.append((reverse("assets:fund_request", args=[request.pk]), FundRequest, request.pk))
        pages.append((reverse("assets:fund_spend", args=[request.pk]), FundRequest, request.pk))
    return pages


def english(response, label: str) -> list[str]:
    words = ENGLISH.findall(visible_text(response.content.decode()))
    return [f"{label}: English UI words {sorted(set(words))}"] if words else []


@pytest.mark.parametrize("username", USERNAMES)
def test_walk_pages_per_role(demo, client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    problems: list[str] = []
    for name in LIST_PAGES:
        url = reverse(name)
        response = client.get(url)
        if response.status_code not in (200, 403, 405):
            problems.append(f"{url}: {response.status_code}")
        if response.status_code == 200:
            problems += english(response, url)
    for url, model, pk in object_pages():
        visible = model.objects.visible_to(user).filter(pk=pk).exists()
        response = client.get(url)
        if not visible:
            if response.status_code not in (403, 404, 405):  # wrong role / POST only come first
                problems.append(f"{url} (out of scope): {response.status_code}")
            continue
        if response.status_code not in (200, 403, 405):
            problems.append(f"{url}: {response.status_code}")
        if response.status_code == 200:
            problems += english(response, url)
    for village in Region.objects.filter(level=Region.Level.VILLAGE).order_by("code")[:3]:
        visible = Region.objects.visible_to(user).filter(pk=village.pk).exists()
        url = f"{reverse('assets:notice')}?region={village.code}"
        response = client.get(url)
        if response.status_code not in ((200, 403) if visible else (403, 404)):
            problems.append(f"{url}: {response.status_code}")
        if response.status_code == 200:
            problems += english(response, url)
        save = reverse("households:former_poor_village", args=[village.code])
        response = client.post(save, {"former_poor": "on", "exit_year": "2016"})
        expected = (
            (302,) if user_may(user, Role.COUNTY, region=village) else (403, 404) if visible else (404,)
        )
        if response.status_code not in expected:
            problems.append(f"POST {save}: {response.status_code}")
    for url in API_LISTS:
        response = client.get(url)
        if response.status_code not in (200, 403):
            problems.append(f"{url}: {response.status_code}")
    assert not problems, f"{username}:\n" + "\n".join(problems)


def test_walk_anonymous_is_sent_to_login(demo, client):
    for name in LIST_PAGES:
        response = client.get(reverse(name))
        assert response.status_code in (302, 405), name
    for url, _model, _pk in object_pages():
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert "login" in response["Location"], url
    for url in API_LISTS:
        assert client.get(url).status_code in (401, 403), url


def test_walk_user_without_role_is_refused(demo, client):
    client.force_login(User.objects.create(username="norole"))
    for name in LIST_PAGES:
        response = client.get(reverse(name))
        assert response.status_code in (403, 405, 200), name
        if response.status_code == 200:
            assert not english(response, name)
    for url, _model, _pk in object_pages():
        assert client.get(url).status_code in (403, 404, 405), url


def test_walk_admin_lists_and_change_pages(demo, client):
    """The read-only admin of these features: every list and one change page answer 200."""
    client.force_login(User.objects.get(username="admin"))
    problems = []
    for model in admin.site._registry:
        if model._meta.app_label not in ("employment", "microcredit", "relocation") and not (
            model._meta.app_label == "assets" and model.__name__.startswith("Fund")
        ):
            continue
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
        first = model.objects.first()
        if first is not None:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            if (status := client.get(url).status_code) != 200:
                problems.append(f"{url}: {status}")
    assert not problems, "\n".join(problems)
