import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from common.errors import ServiceError
from common.models import Notification
from config.celery import app as celery_app
from conftest import make_user
from households.tests.factories import HouseholdFactory
from monitoring.models import Case
from monitoring.reviews import ReviewEntry, ReviewRound, quarter_bounds
from monitoring.selectors import review_completion
from monitoring.services.reviews import (
    review_complete,
    review_escalate,
    review_open_rounds,
    review_record_entry,
    review_remind,
)

QUARTER_START = datetime.date(2026, 10, 1)


def local(*parts) -> datetime.datetime:
    """A wall-clock time in the project's time zone (the clock beat and localdate() use)."""
    return datetime.datetime(*parts, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def make_monitored(regions, village, by, status=Case.Status.MONITORED):
    return Case.objects.create(household=HouseholdFactory(village=regions[village]), village=regions[village],
                               category="边缘易致贫户", channel="农户自主申报", status=status, step=0,
                               found_on=QUARTER_START, deadline=QUARTER_START, created_by=by)  # fmt: skip


@pytest.fixture
def cases(regions, cadre_a):
    return {
        "a1": make_monitored(regions, "village_a", cadre_a),
        "a2": make_monitored(regions, "village_a", cadre_a, Case.Status.EXITING),
        "a_done": make_monitored(regions, "village_a", cadre_a, Case.Status.ELIMINATED),
        "b1": make_monitored(regions, "village_b", cadre_a),
    }


def test_opener_creates_one_round_per_village_listing_monitored_cases(cases, regions):
    with time_machine.travel(local(2026, 10, 1, 2, 0), tick=False):
        assert review_open_rounds() == 2
        assert review_open_rounds() == 0  # idempotent: nothing opened twice
    assert ReviewRound.objects.count() == 2
    round_a = ReviewRound.objects.get(village=regions["village_a"])
    assert (round_a.year, round_a.quarter) == (2026, 4)
    assert set(round_a.entries.values_list("case_id", flat=True)) == {cases["a1"].pk, cases["a2"].pk}
    assert ReviewEntry.objects.count() == 3


def test_opener_adds_cases_enrolled_later_to_the_open_round(cases, regions, cadre_a):
    review_open_rounds(on=QUARTER_START)
    late = make_monitored(regions, "village_a", cadre_a)
    review_open_rounds(on=QUARTER_START + datetime.timedelta(days=40))
    assert ReviewRound.objects.get(village=regions["village_a"]).entries.filter(case=late).exists()


def test_round_completes_only_when_every_entry_is_recorded(cases, regions, cadre_a, cadre_b):
    review_open_rounds(on=QUARTER_START)
    rnd = ReviewRound.objects.get(village=regions["village_a"])
    entries = list(rnd.entries.all())
    with pytest.raises(PermissionDenied):
        review_record_entry(entry=entries[0], by=cadre_b, risk_status="easing")
    review_record_entry(entry=entries[0], by=cadre_a, risk_status="easing", plan_changes="增加公益岗位")
    with pytest.raises(ServiceError, match="还有 1 户未研判"):
        review_complete(round=rnd, by=cadre_a, held_on=datetime.date.today(), participants="村支书,驻村队员")
    review_record_entry(entry=entries[1], by=cadre_a, risk_status="ready")
    review_complete(round=rnd, by=cadre_a, held_on=datetime.date.today(), participants="村支书,驻村队员")
    rnd.refresh_from_db()
    assert rnd.status == ReviewRound.Status.COMPLETED and rnd.participants == "村支书,驻村队员"
    with pytest.raises(ServiceError, match="已完成"):
        review_record_entry(entry=entries[0], by=cadre_a, risk_status="persisting")


def test_weekly_reminder_once_per_round_per_week(cases, regions, cadre_a, cadre_b):
    review_open_rounds(on=QUARTER_START)
    monday = datetime.date(2026, 10, 5)
    assert review_remind(on=monday) == 2  # cadre_a for 建龙村, cadre_b for 联合村
    assert review_remind(on=monday + datetime.timedelta(days=2)) == 0
    assert review_remind(on=monday + datetime.timedelta(days=7)) == 2
    message = Notification.objects.filter(recipient=cadre_a).first()
    assert "建龙村" in message.message and message.link.startswith("/cases/reviews/")


def test_escalation_at_quarter_end_to_township_only_for_unfinished_rounds(
    cases, regions, cadre_a, township_user
):
    other_township = make_user("jiangchi", "township", regions["other_township"])
    with time_machine.travel(local(2026, 10, 1, 2, 0), tick=False):
        review_open_rounds()
    done = ReviewRound.objects.get(village=regions["village_b"])
    ReviewRound.objects.filter(pk=done.pk).update(status=ReviewRound.Status.COMPLETED)
    with time_machine.travel(local(2026, 12, 30, 18, 0), tick=False):
        assert review_escalate() == 0  # not the quarter's last day yet
    with time_machine.travel(local(2026, 12, 31, 18, 0), tick=False):
        assert review_escalate() == 1
        assert review_escalate() == 0
    note = Notification.objects.get(recipient=township_user)
    assert "建龙村" in note.message and "逾期" in note.message
    assert not Notification.objects.filter(recipient=other_township).exists()
    assert ReviewRound.objects.get(village=regions["village_a"]).escalated_at is not None


def test_quarter_bounds():
    assert quarter_bounds(2026, 4) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert quarter_bounds(2026, 1) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def test_completion_per_village_and_township_is_scoped(cases, regions, cadre_a, township_user):
    review_open_rounds(on=QUARTER_START)
    ReviewRound.objects.filter(village=regions["village_b"]).update(status=ReviewRound.Status.COMPLETED)
    whole = review_completion(township_user, (2026, 4))
    assert (whole["completed"], whole["total"]) == (1, 2)
    assert whole["townships"] == [
        {"township_id": regions["township"].pk, "name": "栗子乡", "total": 2, "completed": 1}
    ]
    mine = review_completion(cadre_a, (2026, 4))
    assert [(v["name"], v["completed"]) for v in mine["villages"]] == [("建龙村", 0)]


def test_beat_schedule_names_registered_tasks():
    celery_app.loader.import_default_modules()
    names = {e["task"] for k, e in settings.CELERY_BEAT_SCHEDULE.items() if k.startswith("monitoring-")}
    assert names == {
        "monitoring.tasks.open_review_rounds",
        "monitoring.tasks.remind_review_rounds",
        "monitoring.tasks.escalate_review_rounds",
        "monitoring.tasks.run_quality_checks",
    }
    assert names <= set(celery_app.tasks)
    opener = settings.CELERY_BEAT_SCHEDULE["monitoring-open-review-rounds"]["schedule"]
    assert opener.is_due  # a crontab, not an interval
    assert opener.day_of_month == {1} and opener.month_of_year == {1, 4, 7, 10}


def test_review_pages_scope_and_roles(client_for, cases, regions, cadre_a, cadre_b, viewer):
    review_open_rounds(on=QUARTER_START)
    rnd = ReviewRound.objects.get(village=regions["village_a"])
    assert client_for(cadre_b).get(reverse("monitoring:review", args=[rnd.pk])).status_code == 404
    assert client_for(viewer).get(reverse("monitoring:reviews")).status_code == 403
    entry = rnd.entries.first()
    url = reverse("monitoring:review_entry", args=[entry.pk])
    assert client_for(cadre_b).post(url, {"risk_status": "easing"}).status_code == 404
    client = client_for(cadre_a)
    assert client.post(url, {"risk_status": "easing", "plan_changes": "x"}).status_code == 302
    entry.refresh_from_db()
    assert entry.risk_status == "easing" and entry.recorded_by == cadre_a
    page = client.get(reverse("monitoring:reviews"))
    assert [r.pk for r in page.context["page_obj"]] == [rnd.pk]


def test_tasks_wrap_services(cases):
    from monitoring.tasks import open_review_rounds

    with time_machine.travel(local(2026, 10, 1, 2, 0), tick=False):
        assert open_review_rounds.apply().get() == 2  # run here, whatever the broker


def test_every_change_of_a_round_or_its_entries_moves_its_updated_at(cases, regions, cadre_a):
    """Rounds are pulled incrementally (API ``updated_since``): whatever changes one moves it."""

    def updated_at():
        return ReviewRound.objects.get(village=regions["village_a"]).updated_at

    with time_machine.travel(local(2026, 10, 1, 2, 0), tick=False):
        review_open_rounds()
    opened = updated_at()
    with time_machine.travel(local(2026, 10, 20, 9, 0), tick=False):
        make_monitored(regions, "village_a", cadre_a)
        review_open_rounds()  # a case enrolled since is listed
    listed = updated_at()
    assert listed > opened
    rnd = ReviewRound.objects.get(village=regions["village_a"])
    with time_machine.travel(local(2026, 11, 2, 9, 0), tick=False):
        for entry in rnd.entries.all():
            review_record_entry(entry=entry, by=cadre_a, risk_status="easing")
    recorded = updated_at()
    assert recorded > listed
    with time_machine.travel(local(2026, 11, 3, 9, 0), tick=False):
        review_complete(round=rnd, by=cadre_a, held_on=datetime.date(2026, 11, 3), participants="村支书")
    assert updated_at() > recorded
    late = ReviewRound.objects.get(village=regions["village_b"])
    with time_machine.travel(local(2026, 12, 31, 18, 0), tick=False):
        review_escalate()
    assert ReviewRound.objects.get(pk=late.pk).updated_at == local(2026, 12, 31, 18, 0)
