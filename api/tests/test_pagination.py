"""Keyset pagination on (updated_at, id) and ``updated_since``: a client pulling every row while
others write never skips a row, and gets a row twice only when it changed after delivery."""

import base64
import datetime
import json
import threading
from collections import Counter

import pytest
from django.db import connection, transaction
from django.utils import timezone

from assistance.models import Measure
from clues.models import Clue
from conftest import require_or_skip
from households.models import Household, IncomeRecord, Member, Visit
from households.tests.factories import HouseholdFactory
from monitoring.models import Case
from monitoring.reviews import ReviewRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def households(regions):
    return [HouseholdFactory(village=regions["village_a"]) for _ in range(25)]


def pull(client, url, between_pages=None, **params):
    """All pages of ``url``; ``between_pages(page_number)`` runs after each page is fetched."""
    rows, page, response = [], 0, client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        rows.extend(response.json()["results"])
        page += 1
        if between_pages:
            between_pages(page)
        next_url = response.json()["next"]
        if not next_url:
            return rows
        response = client.get(next_url)


def test_pull_returns_every_row_once_in_cursor_order(api_for, cadre_a, households):
    rows = pull(api_for(cadre_a), "/api/v1/households/", page_size=7)
    assert [r["id"] for r in rows] == [h.pk for h in sorted(households, key=lambda h: (h.updated_at, h.pk))]


def test_rows_with_equal_timestamps_are_neither_skipped_nor_repeated(api_for, cadre_a, households):
    Household.objects.update(updated_at=timezone.now())
    rows = pull(api_for(cadre_a), "/api/v1/households/", page_size=4)
    assert sorted(r["id"] for r in rows) == sorted(h.pk for h in households)


def test_updates_during_a_pull_skip_nothing(api_for, cadre_a, households):
    ordered = sorted(households, key=lambda h: (h.updated_at, h.pk))
    delivered_then_changed, not_yet_delivered = ordered[2], ordered[-3]

    def write(page):
        if page == 1:
            for household in (delivered_then_changed, not_yet_delivered):
                household.address = "新地址"
                household.save()

    rows = pull(api_for(cadre_a), "/api/v1/households/", between_pages=write, page_size=10)
    seen = Counter(r["id"] for r in rows)
    assert set(seen) == {h.pk for h in households}
    # Rows untouched during the pull, and the one changed before its page came, come exactly once.
    assert all(n == 1 for pk, n in seen.items() if pk != delivered_then_changed.pk)
    # The row changed after delivery comes again at the end (in order of change), with its new value.
    assert seen[delivered_then_changed.pk] == 2
    assert [(r["id"], r["address"]) for r in rows[-2:]] == [
        (delivered_then_changed.pk, "新地址"),
        (not_yet_delivered.pk, "新地址"),
    ]


def test_updated_since_returns_rows_changed_at_or_after(api_for, cadre_a, households):
    base = timezone.now() - datetime.timedelta(days=10)
    for i, household in enumerate(households):
        Household.objects.filter(pk=household.pk).update(updated_at=base + datetime.timedelta(days=i % 5))
    since = base + datetime.timedelta(days=3)
    rows = pull(api_for(cadre_a), "/api/v1/households/", updated_since=since.isoformat())
    assert {r["id"] for r in rows} == {h.pk for i, h in enumerate(households) if i % 5 >= 3}


def test_updated_since_rejects_a_non_date(api_for, cadre_a, households):
    response = api_for(cadre_a).get("/api/v1/households/", {"updated_since": "yesterday"})
    assert response.status_code == 400
    assert "updated_since" in response.json()["errors"]


def test_page_size_defaults_to_100_and_is_capped(api_for, cadre_a, regions):
    Household.objects.bulk_create(
        Household(number=f"9{i:011d}", village=regions["village_a"]) for i in range(1005)
    )
    client = api_for(cadre_a)
    assert len(client.get("/api/v1/households/").json()["results"]) == 100
    assert len(client.get("/api/v1/households/", {"page_size": 5000}).json()["results"]) == 1000


FORGED_OFFSET = base64.urlsafe_b64encode(json.dumps(["9999-12-31T23:59:59-23:59", 1]).encode()).decode()


@pytest.mark.parametrize("cursor", ["not-base64!", "WzFd", "WyJ4IiwgIngiXQ==", FORGED_OFFSET])
def test_a_forged_cursor_is_a_clean_404(cursor, api_for, cadre_a, households):
    response = api_for(cadre_a).get("/api/v1/households/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json()["code"] == "invalid_cursor"


@pytest.mark.parametrize("since", ["7257-10-16T08:06:44-23:29", "9999-12-31T23:59:59-23:59"])
def test_updated_since_with_an_extreme_offset_is_not_a_server_error(since, api_for, cadre_a, households):
    response = api_for(cadre_a).get("/api/v1/households/", {"updated_since": since})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["results"] == []


INCREMENTAL = {
    "households": Household,
    "members": Member,
    "incomes": IncomeRecord,
    "visits": Visit,
    "cases": Case,
    "measures": Measure,
    "clues": Clue,
    "reviews": ReviewRound,
}


@pytest.mark.parametrize("resource", INCREMENTAL)
def test_every_incremental_list_pulls_only_what_changed_since(resource, api_for, county_user, register):
    model = INCREMENTAL[resource]
    long_ago = timezone.now() - datetime.timedelta(days=90)
    model.objects.update(updated_at=long_ago)
    changed = model.objects.order_by("pk").first()
    model.objects.filter(pk=changed.pk).update(updated_at=long_ago + datetime.timedelta(days=60))
    client = api_for(county_user)
    assert len(pull(client, f"/api/v1/{resource}/", page_size=1)) == model.objects.count() > 1
    since = (long_ago + datetime.timedelta(days=30)).isoformat()
    assert [r["id"] for r in pull(client, f"/api/v1/{resource}/", updated_since=since)] == [changed.pk]


def test_every_page_of_a_pull_carries_the_horizon_taken_when_it_began(api_for, cadre_a, households):
    before = timezone.now()
    client = api_for(cadre_a)
    first = client.get("/api/v1/households/", {"page_size": 10}).json()
    since = datetime.datetime.fromisoformat(first["next_since"])
    assert since <= before  # not after the pull began (less the clock margin)
    later = client.get(first["next"]).json()
    assert later["next_since"] == first["next_since"] and later["next"]
    assert client.get("/api/v1/regions/").json()["next_since"] is None  # ordered by code, no horizon


def test_a_cursor_without_its_horizon_is_refused(api_for, cadre_a, households):
    token = base64.urlsafe_b64encode(
        json.dumps({"after": ["2026-01-01T00:00:00+00:00", 1]}).encode()
    ).decode()
    response = api_for(cadre_a).get("/api/v1/households/", {"cursor": token})
    assert response.status_code == 404 and response.json()["code"] == "invalid_cursor"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_after_the_pull_passed_it_comes_with_next_since(
    api_for, cadre_a, regions, settings
):
    """A transaction stamps a row, the pull passes that instant, then it commits: the pull cannot
    see the row and the largest updated_at received is past it, but next_since is not."""
    if connection.vendor != "postgresql":
        require_or_skip("a concurrent open transaction needs PostgreSQL; SQLite serialises writers")
    settings.API_CLOCK_MARGIN_SECONDS = 0  # one clock here: the horizon alone must hold the row
    rows = [HouseholdFactory(village=regions["village_a"]) for _ in range(6)]
    late = rows[0]
    stamped, release = threading.Event(), threading.Event()

    def slow_writer():
        try:
            with transaction.atomic():
                household = Household.objects.get(pk=late.pk)
                household.address = "迟到的修改"
                household.save()
                stamped.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert stamped.wait(timeout=20)
    for household in rows[1:3]:  # changed after the late row was stamped, committed at once
        household.address = "及时的修改"
        household.save()
    client = api_for(cadre_a)
    first = client.get("/api/v1/households/", {"page_size": 2}).json()
    pulled = pull(client, "/api/v1/households/", page_size=2)
    release.set()
    writer.join(timeout=20)

    assert "迟到的修改" not in {r["address"] for r in pulled}  # invisible while uncommitted
    newest = max(r["updated_at"] for r in pulled)
    assert late.pk not in {r["id"] for r in pull(client, "/api/v1/households/", updated_since=newest)}
    again = pull(client, "/api/v1/households/", updated_since=first["next_since"])
    assert (late.pk, "迟到的修改") in {(r["id"], r["address"]) for r in again}


def test_monitoring_lines_filter_by_region_and_pull_incrementally(api_for, cadre_a, county_user, regions):
    from households.models import MonitoringLine

    city = MonitoringLine.objects.create(
        year=2026, region=regions["city"], amount=7600, basis="市级", effective_date=datetime.date(2026, 1, 1)
    )
    county = MonitoringLine.objects.create(
        year=2026,
        region=regions["county"],
        amount=7800,
        basis="县级",
        effective_date=datetime.date(2026, 1, 1),
    )
    MonitoringLine.objects.filter(pk=city.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    client = api_for(cadre_a)
    # The lines are public; ``region`` keeps those of a region in scope and below it.
    assert (
        client.get("/api/v1/monitoring-lines/", {"region": regions["village_a"].code}).json()["results"] == []
    )
    by_county = api_for(county_user).get("/api/v1/monitoring-lines/", {"region": regions["county"].code})
    assert [r["id"] for r in by_county.json()["results"]] == [county.pk]
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert [r["id"] for r in pull(client, "/api/v1/monitoring-lines/", updated_since=since)] == [county.pk]
    assert [r["id"] for r in pull(client, "/api/v1/monitoring-lines/")] == [city.pk, county.pk]
