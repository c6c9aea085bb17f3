"""Issue 18 acceptance walk: every page and form of appeals, duplicate candidates, area alerts and
the visit plan, per demo role, answers 200/403/404 as the scope says and shows no English words.

Forms are posted empty (and with bad values): a refusal re-renders in Chinese, never a 500."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_USERS
from accounts.models import User
from appeals.actions import APPEAL_ACTIONS
from appeals.models import Appeal
from common.masking import sees_full
from grading.models import AreaAlert
from households.models import DuplicateCandidate, Household, Member
from monitoring.models import Case

from .test_nav_crawl import ENGLISH, visible_text

USERS = [u[0] for u in DEMO_USERS]


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", households=40, stdout=open("/dev/null", "w"))


ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def household_phones():
    return set(Household.objects.exclude(phone="").values_list("phone", flat=True))


def person_ids():
    """The register's ID numbers (an 18-digit household number is not one)."""
    pairs = Member.objects.values_list("id_number", "person_id")
    return {value for pair in pairs for value in pair if value}


def check(response, where, *, masked=False):
    assert response.status_code in (200, 302, 400, 403, 404, 409), f"{where}: {response.status_code}"
    if response.status_code != 302:
        words = ENGLISH.findall(visible_text(response.content.decode()))
        assert not words, f"{where}: English UI words {sorted(set(words))}"
        if masked:
            ids = set(ID_NUMBER.findall(response.content.decode())) & person_ids()
            assert not ids, f"{where}: unmasked ID numbers {sorted(ids)[:3]}"
            phones = set(PHONE.findall(response.content.decode())) & household_phones()
            assert not phones, f"{where}: unmasked phones {sorted(phones)[:3]}"


def expected(queryset, user, pk, *, roles_ok):
    """200 when in scope, 403 for a role that may not read the pages at all, else 404."""
    if not roles_ok:
        return 403
    return 200 if queryset.visible_to(user).filter(pk=pk).exists() else 404


@pytest.mark.parametrize("username", USERS)
def test_issue18_pages_per_role(demo, client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    register = username not in ("minzheng", "yibao")
    masked = not sees_full(user)
    lists = [
        reverse("appeals:list"),
        reverse("appeals:list") + "?status=bogus&overdue=on",
        reverse("households:duplicates"),
        reverse("households:duplicates") + "?min_score=-5&status=bogus",
        reverse("grading:alerts"),
        reverse("grading:alerts") + "?active=bogus",
        reverse("grading:plan"),
        reverse("grading:plan") + "?due=bogus",
    ]
    for url in lists:
        response = client.get(url)
        check(response, f"{username} {url}", masked=masked)
        assert response.status_code == (200 if register else 403), f"{username} {url}: {response.status_code}"

    for name in ("duplicate-list", "appeal-list", "area-alert-list", "visit-plan-list"):
        url = reverse(f"api:{name}")
        response = client.get(url)
        assert response.status_code in (200, 403), f"{username} {url}: {response.status_code}"
        if masked:
            ids = set(ID_NUMBER.findall(response.content.decode())) & person_ids()
            assert not ids, f"{username} {url}: unmasked ID numbers {sorted(ids)[:3]}"

    for case in Case.objects.select_related("village"):
        url = reverse("appeals:add", args=[case.pk])
        response = client.get(url)
        check(response, f"{username} {url}", masked=masked)
        if username == "village_a" and case.village.name == "建龙村":
            assert response.status_code == 200, f"{username} {url}: {response.status_code}"
        elif username in ("township", "county", "viewer", "minzheng", "yibao"):
            assert response.status_code == 403, f"{username} {url}: {response.status_code}"
        if response.status_code == 200:
            response = client.post(url, {"received_on": "2999-01-01", "grounds": "", "appellant": "x" * 500})
            check(response, f"{username} POST {url}", masked=masked)
            assert response.status_code in (200, 400), f"{username} POST {url}: {response.status_code}"

    for appeal in Appeal.objects.all():
        url = reverse("appeals:detail", args=[appeal.pk])
        response = client.get(url)
        check(response, f"{username} {url}", masked=masked)
        want = expected(Appeal.objects, user, appeal.pk, roles_ok=register)
        assert response.status_code == want, f"{username} {url}: {response.status_code} != {want}"
        if want == 200:
            for verb in APPEAL_ACTIONS:
                url = reverse(f"appeals:act_{verb}", args=[appeal.pk])
                response = client.post(url, {"informed_on": "2999-01-01", "way": "bogus"})
                check(response, f"{username} POST {url}", masked=masked)
                assert response.status_code in (200, 400, 403, 409), (
                    f"{username} POST {url}: {response.status_code}"
                )
    for candidate in DuplicateCandidate.objects.all():
        url = reverse("households:duplicate", args=[candidate.pk])
        response = client.get(url)
        check(response, f"{username} {url}", masked=masked)
        want = expected(DuplicateCandidate.objects, user, candidate.pk, roles_ok=register)
        assert response.status_code == want, f"{username} {url}: {response.status_code} != {want}"
        for action in ("merge", "not_same"):
            url = reverse("households:duplicate_resolve", args=[candidate.pk, action])
            response = client.post(url, {"keep": "bogus"})
            check(response, f"{username} POST {url}", masked=masked)
            assert response.status_code in ((200, 400, 403, 409) if want == 200 else (want,)), (
                f"{username} POST {url}: {response.status_code}"
            )
    for alert in AreaAlert.objects.all():
        url = reverse("grading:alert", args=[alert.pk])
        response = client.get(url)
        check(response, f"{username} {url}", masked=masked)
        want = expected(AreaAlert.objects, user, alert.pk, roles_ok=register)
        assert response.status_code == want, f"{username} {url}: {response.status_code} != {want}"
        for name in ("alert_acknowledge", "alert_close", "alert_note"):
            url = reverse(f"grading:{name}", args=[alert.pk])
            response = client.post(url, {})
            check(response, f"{username} POST {url}", masked=masked)


def test_anonymous_is_sent_to_login(demo, client):
    appeal = Appeal.objects.first()
    candidate = DuplicateCandidate.objects.first()
    alert = AreaAlert.objects.first()
    for url in [
        reverse("appeals:list"),
        reverse("appeals:detail", args=[appeal.pk]),
        reverse("households:duplicates"),
        reverse("households:duplicate", args=[candidate.pk]),
        reverse("grading:alerts"),
        reverse("grading:alert", args=[alert.pk]),
        reverse("grading:plan"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    response = client.post(reverse("api:department-record-list"), {}, content_type="application/json")
    assert response.status_code in (401, 403)


def test_beat_tasks_run_on_the_demo_and_again_change_nothing(demo):
    """The nightly/daily tasks of issue 18 run on the demo county; a second run (beat may fire
    twice) adds no candidate, alert or notification."""
    from appeals.tasks import appeals_remind_overdue_task
    from common.models import Notification
    from grading.tasks import evaluate_area_alerts
    from households.tasks import find_duplicates_nightly

    tasks = (find_duplicates_nightly, evaluate_area_alerts, appeals_remind_overdue_task)
    for task in tasks:
        task.delay()
    counts = (DuplicateCandidate.objects.count(), AreaAlert.objects.count(), Notification.objects.count())
    for task in tasks:
        task.delay()
    again = (DuplicateCandidate.objects.count(), AreaAlert.objects.count(), Notification.objects.count())
    assert again == counts


def test_admin_pages_of_the_new_models_answer(demo, client):
    """The read-only admin of each new model: list and one record, 200 for the superuser."""
    from appeals.models import AppealStep

    client.force_login(User.objects.get(username="admin"))
    for model in (Appeal, AppealStep, DuplicateCandidate, AreaAlert):
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        row = model.objects.first()
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
        assert client.get(url).status_code == 200, url
