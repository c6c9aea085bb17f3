"""Clues from the system's channels: a case opened elsewhere closes them, a household with an open
case absorbs new ones, data-quality risk signals raise them, and due clues remind and escalate."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from clues.channels import clue_remind, clues_from_quality
from clues.models import Clue, ClueLog
from clues.services import clue_confirm, clue_dispatch, clue_from_visit, clue_raise, clue_start
from common.models import Notification
from common.quality import REGISTRY
from households.choices import Assurance, MedicalInsurance, Relationship
from households.models import Visit
from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.models import Case, Channel
from monitoring.quality import quality_snapshot
from monitoring.services import case_nominate


def nominate(household, by):
    return case_nominate(
        household=household,
        by=by,
        category="突发严重困难户",
        risks=[("因病", "")],
        channel=Channel.CADRE_VISIT,
        found_on=timezone.localdate(),
        evidence="走访发现",
    )


@pytest.fixture
def household(regions):
    return HouseholdFactory(village=regions["village_a"])


def test_open_clue_closes_into_a_case_opened_through_another_channel(household, cadre_a, township_user):
    waiting = clue_raise(
        household=household, by=township_user, source=Clue.Source.APPLICATION, risk_type="因病"
    )
    dispatched = clue_dispatch(
        clue=clue_raise(
            household=household, by=township_user, source=Clue.Source.APPLICATION, risk_type="因学"
        ),
        by=township_user,
    )
    case = nominate(household, cadre_a)
    for clue in (waiting, dispatched):
        clue.refresh_from_db()
        assert (clue.status, clue.case) == (Clue.Status.JOINED, case)
        assert clue.log.last().action == "join"


def test_confirming_a_clue_is_not_undone_by_its_own_nomination(household, cadre_a, township_user):
    other = clue_raise(
        household=household, by=township_user, source=Clue.Source.APPLICATION, risk_type="因学"
    )
    clue = clue_raise(household=household, by=township_user, source=Clue.Source.APPLICATION, risk_type="因病")
    clue = clue_start(clue=clue_dispatch(clue=clue, by=township_user), by=cadre_a)
    clue = clue_confirm(clue=clue, by=cadre_a, category="突发严重困难户")
    other.refresh_from_db()
    assert clue.status == Clue.Status.CONFIRMED
    assert (other.status, other.case) == (Clue.Status.JOINED, clue.case)


def test_raising_a_clue_for_a_household_with_an_open_case_adds_it_to_that_case(household, cadre_a):
    case = nominate(household, cadre_a)
    clue = clue_raise(household=household, by=cadre_a, source=Clue.Source.APPLICATION, risk_type="因病")
    assert (clue.status, clue.case) == (Clue.Status.JOINED, case)


def test_a_visit_clue_for_a_monitored_household_joins_its_case(household, cadre_a):
    case = nominate(household, cadre_a)
    visit = Visit.objects.create(
        household=household, visited_on=timezone.localdate(), visitor=cadre_a, medical=Assurance.PROBLEM
    )
    [clue] = clue_from_visit(visit, cadre_a)
    clue.refresh_from_db()
    assert (clue.status, clue.case) == (Clue.Status.JOINED, case)


def test_closed_clues_do_not_join_a_new_case(household, cadre_a, township_user):
    from clues.services import clue_exclude

    clue = clue_raise(household=household, by=township_user, source=Clue.Source.APPLICATION, risk_type="因病")
    clue_exclude(clue=clue, by=township_user, reason="已核实无风险")
    nominate(household, cadre_a)
    clue.refresh_from_db()
    assert clue.status == Clue.Status.EXCLUDED


# -- data-quality findings --


def test_uninsured_member_found_by_the_nightly_run_raises_one_clue_per_year(household):
    member = MemberFactory(household=household, medical_insurance=MedicalInsurance.NONE)
    quality_snapshot()
    quality_snapshot()  # the same night again, and the next night: nothing new
    quality_snapshot(timezone.localdate() + datetime.timedelta(days=1))
    clue = Clue.objects.get(source=Clue.Source.QUALITY)
    assert (clue.household, clue.member, clue.risk_type, clue.rule) == (
        household,
        member,
        "因病",
        "member_uninsured",
    )
    assert clue.status == Clue.Status.NEW
    assert clue.rule_label == str(REGISTRY["member_uninsured"].label)
    assert ClueLog.objects.get(clue=clue).by is None


def test_an_elimination_in_the_month_of_enrolment_raises_a_clue_for_the_household(household, cadre_a):
    Case.objects.create(
        household=household, village=household.village, category="边缘易致贫户", channel=Channel.APPLICATION,
        status=Case.Status.ELIMINATED, step=0, found_on=datetime.date(2025, 1, 2), deadline=datetime.date(2025, 1, 17),
        enrolled_on=datetime.date(2025, 1, 10), eliminated_on=datetime.date(2025, 1, 28), created_by=cadre_a,
    )  # fmt: skip
    quality_snapshot()
    clue = Clue.objects.get(source=Clue.Source.QUALITY)
    assert (clue.household, clue.risk_type, clue.member, clue.status) == (
        household,
        "其他",
        None,
        Clue.Status.NEW,
    )


def test_plain_data_errors_raise_no_clue(household):
    # Head and spouse of the same sex: a record error, fixed on the record, no clue.
    head = MemberFactory(household=household)
    MemberFactory(household=household, relationship=Relationship.SPOUSE, sex=head.sex)
    check = REGISTRY["household_head_spouse_same_sex"]
    assert check.run().exists()
    assert clues_from_quality(check=check, rows=check.run(), day=timezone.localdate()) == []
    quality_snapshot()
    assert not Clue.objects.exists()


def test_quality_clue_for_a_monitored_household_joins_its_case(household, cadre_a):
    MemberFactory(household=household, medical_insurance=MedicalInsurance.NONE)
    case = nominate(household, cadre_a)
    quality_snapshot()
    clue = Clue.objects.get(source=Clue.Source.QUALITY)
    assert (clue.status, clue.case) == (Clue.Status.JOINED, case)


# -- reminders and escalation --


def test_due_clues_remind_the_village_and_overdue_ones_escalate_once_a_day(
    household, cadre_a, cadre_b, township_user
):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        clue = clue_raise(
            household=household, by=township_user, source=Clue.Source.APPLICATION, risk_type="因病"
        )
        clue_dispatch(clue=clue, by=township_user)  # verify within 7 days: due 2026-03-09
        Notification.objects.all().delete()
        assert clue_remind() == 0  # a week ahead: nothing to say yet
    with time_machine.travel(datetime.datetime(2026, 3, 8, 9, tzinfo=datetime.UTC), tick=False):
        assert clue_remind() == 1
        assert clue_remind() == 0  # same day again: nothing new
        note = Notification.objects.get()
        assert (note.recipient, note.kind) == (cadre_a, "clue_due")
        assert "1条预警线索即将到期" in note.message
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False):
        assert clue_remind() == 2  # the village again, and now the township
        assert clue_remind() == 0
        escalation = Notification.objects.get(kind="clue_overdue")
        assert escalation.recipient == township_user
        assert "1条预警线索已超期" in escalation.message
    assert not Notification.objects.filter(recipient=cadre_b).exists()


def test_an_undispatched_overdue_clue_escalates_to_its_township_only(household, township_user, regions):
    from conftest import make_user

    other = make_user("other_township_user", "township", regions["other_township"])
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        clue_raise(household=household, by=township_user, source=Clue.Source.APPLICATION, risk_type="因病")
    with time_machine.travel(datetime.datetime(2026, 3, 6, 9, tzinfo=datetime.UTC), tick=False):
        assert clue_remind() == 1
    assert Notification.objects.get().recipient == township_user
    assert not Notification.objects.filter(recipient=other).exists()


def test_the_reminder_runs_daily_on_beat(db, settings):
    from clues.tasks import clue_remind_task

    tasks = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert clue_remind_task.name in tasks
    assert clue_remind_task.delay().get() == 0  # nothing due: runs, sends nothing


def test_a_department_clue_for_a_monitored_household_joins_its_case(
    regions, county_user, cadre_a, member_in, upload
):
    from clues.tests.conftest import csv_bytes

    member = member_in(regions["village_a"], name="张三")
    case = nominate(member.household, cadre_a)
    year = str(timezone.localdate().year - 1)
    upload(
        county_user, "medical_costs", csv_bytes("medical_costs", [[member.person_id, "张三", year, "15000"]])
    )
    clue = Clue.objects.get(source=Clue.Source.DEPARTMENT)
    assert (clue.status, clue.case) == (Clue.Status.JOINED, case)
    assert clue.log.get().by is None  # the system joined it
