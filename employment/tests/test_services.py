"""Follow-ups (beat with a frozen clock, idempotent; record; lost job → clue) and the post life:
approve, attendance, subsidy, exit."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from clues.models import Clue
from common.errors import ServiceError
from common.models import Notification
from employment import services, tasks
from employment.models import Appointment, EmploymentRecord, EmploymentStatus, FollowUp, WelfarePost
from households.choices import LabourSkill, RiskType

from .conftest import former_poor

S = EmploymentStatus


@pytest.fixture
def opened(worker_a, cadre_a):
    with time_machine.travel(datetime.datetime(2026, 4, 1, 1, 20), tick=False):
        services.follow_ups_open()
    return FollowUp.objects.get(member=worker_a)


def record(follow_up, by, status, **kwargs):
    kwargs.setdefault("employer", "" if status == S.UNEMPLOYED else "重庆某电子厂")
    kwargs.setdefault("months", 3)
    kwargs.setdefault("income", Decimal("9000"))
    return services.follow_up_record(follow_up=follow_up, by=by, employment_status=status, **kwargs)


def test_beat_opens_the_quarter_once_and_reminds_the_village_once(
    regions, cadre_a, cadre_b, poor_a, make_member
):
    make_member(poor_a)
    make_member(poor_a, labour_skill=LabourSkill.NONE)  # not in the labour force
    make_member(former_poor(regions["village_b"]))
    with time_machine.travel(datetime.datetime(2026, 4, 1, 1, 20), tick=False):
        assert tasks.open_follow_ups() == {"opened": 2, "reminded": 2}
        assert tasks.open_follow_ups() == {"opened": 0, "reminded": 0}
    follow_ups = FollowUp.objects.all()
    assert {(f.quarter, f.due_on) for f in follow_ups} == {
        (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    }
    assert EmploymentRecord.objects.count() == 2
    assert set(EmploymentRecord.objects.values_list("status", flat=True)) == {S.UNKNOWN}
    note = Notification.objects.get(recipient=cadre_a)
    assert "1 名劳动力" in note.message and note.link == "/employment/follow-ups/"
    with time_machine.travel(datetime.datetime(2026, 7, 1, 1, 20), tick=False):
        assert services.follow_ups_open() == 2  # the next quarter
    assert EmploymentRecord.objects.count() == 2


def test_record_updates_the_ledger_row_and_keeps_history(opened, cadre_a):
    with time_machine.travel(datetime.datetime(2026, 5, 6, 9), tick=False):
        record(opened, cadre_a, S.OUT_CITY, months=4)
    opened.refresh_from_db()
    assert opened.status == FollowUp.Status.DONE and opened.previous_status == S.UNKNOWN
    row = EmploymentRecord.objects.get(member=opened.member)
    assert (row.status, row.employer, row.months, row.year) == (S.OUT_CITY, "重庆某电子厂", 4, 2026)
    assert row.followed_on == datetime.date(2026, 5, 6)
    assert row.history.first().history_user == cadre_a
    with pytest.raises(ServiceError):  # done: no second recording
        record(opened, cadre_a, S.LOCAL)


def test_record_validation(opened, cadre_a, cadre_b, township_user):
    with time_machine.travel(datetime.datetime(2026, 5, 6, 9), tick=False):
        with pytest.raises(ServiceError) as refused:
            record(opened, cadre_a, S.LOCAL, employer=" ")
        assert refused.value.field == "employer"
        with pytest.raises(ServiceError, match="0 到 5"):
            record(opened, cadre_a, S.LOCAL, months=6)
        with pytest.raises(ServiceError, match="没有在岗的公益岗位"):
            record(opened, cadre_a, S.WELFARE_POST)
        with pytest.raises(ServiceError, match="就业状态"):
            record(opened, cadre_a, S.UNKNOWN)
        with pytest.raises(PermissionDenied):
            record(opened, cadre_b, S.LOCAL)
        with pytest.raises(PermissionDenied):
            record(opened, township_user, S.LOCAL)
    assert FollowUp.objects.get(pk=opened.pk).status == FollowUp.Status.DUE


def test_losing_a_job_raises_one_clue(opened, cadre_a, worker_a):
    with time_machine.travel(datetime.datetime(2026, 5, 6, 9), tick=False):
        record(opened, cadre_a, S.OUT_COUNTY)
    assert not Clue.objects.exists()  # 待随访 → employed: nothing lost
    with time_machine.travel(datetime.datetime(2026, 7, 2, 9), tick=False):
        services.follow_ups_open()
        second = FollowUp.objects.get(member=worker_a, quarter=datetime.date(2026, 7, 1))
        record(second, cadre_a, S.UNEMPLOYED, note="工厂停产")
    clue = Clue.objects.get()
    assert (clue.rule, clue.risk_type, clue.member_id) == (
        "employment_lost_job",
        RiskType.UNSTABLE_WORK,
        worker_a.pk,
    )
    assert clue.household_id == worker_a.household_id and clue.found_on == datetime.date(2026, 7, 2)
    assert clue.evidence["previous_status"] == S.OUT_COUNTY and clue.log.count() == 1
    with time_machine.travel(datetime.datetime(2026, 10, 2, 9), tick=False):
        services.follow_ups_open()
        third = FollowUp.objects.get(member=worker_a, quarter=datetime.date(2026, 10, 1))
        record(third, cadre_a, S.UNEMPLOYED)  # still without work: not a new loss
    assert Clue.objects.count() == 1


@pytest.fixture
def post(regions, township_user):
    return services.post_create(
        village=regions["village_a"],
        by=township_user,
        kind=WelfarePost.Kind.RIVER,
        name="巡河员",
        places=2,
        monthly_pay=Decimal("600"),
        funding_source=WelfarePost.Funding.LINKAGE,
    )


@pytest.fixture
def in_post(post, worker_a, cadre_a, township_user):
    with time_machine.travel(datetime.datetime(2026, 3, 5, 9), tick=False):
        services.follow_ups_open()
        appointment = services.appointment_propose(
            post=post, member=worker_a, by=cadre_a, proposed_on=datetime.date(2026, 3, 5)
        )
        services.appointment_approve(
            appointment=appointment, by=township_user, start_on=datetime.date(2026, 3, 10)
        )
    return appointment


def test_approval_is_the_townships_and_puts_the_member_on_the_post(post, worker_a, cadre_a, in_post):
    assert in_post.status == Appointment.Status.IN_POST and in_post.start_on == datetime.date(2026, 3, 10)
    row = EmploymentRecord.objects.get(member=worker_a)
    assert row.status == S.WELFARE_POST and row.employer == "建龙村巡河员"
    proposal = Appointment.objects.create(
        post=post,
        member=worker_a,
        household=worker_a.household,
        proposed_on=datetime.date(2026, 3, 5),
        status=Appointment.Status.EXITED,
    )
    with pytest.raises(PermissionDenied):
        services.appointment_approve(appointment=proposal, by=cadre_a, start_on=datetime.date(2026, 3, 10))


def test_attendance_and_subsidy(in_post, cadre_a, township_user):
    with time_machine.travel(datetime.datetime(2026, 5, 3, 9), tick=False):
        march = services.attendance_record(
            appointment=in_post, by=cadre_a, month=datetime.date(2026, 3, 31), days_worked=20, passed=True
        )
        april = services.attendance_record(
            appointment=in_post, by=cadre_a, month=datetime.date(2026, 4, 1), days_worked=8, passed=False
        )
        assert march.month == datetime.date(2026, 3, 1) and march.subsidy == Decimal("600")
        assert april.subsidy == 0
        with pytest.raises(ServiceError, match="已登记"):
            services.attendance_record(
                appointment=in_post, by=cadre_a, month=datetime.date(2026, 3, 2), days_worked=1, passed=True
            )
        with pytest.raises(ServiceError, match="在岗期间"):  # before taking up the post
            services.attendance_record(
                appointment=in_post, by=cadre_a, month=datetime.date(2026, 2, 1), days_worked=1, passed=True
            )
        with pytest.raises(ServiceError, match="在岗期间"):  # a future month
            services.attendance_record(
                appointment=in_post, by=cadre_a, month=datetime.date(2026, 6, 1), days_worked=1, passed=True
            )
        with pytest.raises(ServiceError, match="天数"):
            services.attendance_record(
                appointment=in_post, by=cadre_a, month=datetime.date(2026, 5, 1), days_worked=32, passed=True
            )
        with pytest.raises(PermissionDenied):
            services.subsidy_pay(attendance=march, by=cadre_a, paid_on=datetime.date(2026, 4, 10))
        services.subsidy_pay(attendance=march, by=township_user, paid_on=datetime.date(2026, 4, 10))
        assert march.paid_on == datetime.date(2026, 4, 10) and march.paid_by == township_user
        with pytest.raises(ServiceError, match="已发放"):
            services.subsidy_pay(attendance=march, by=township_user, paid_on=datetime.date(2026, 4, 11))
        with pytest.raises(ServiceError, match="不发放"):
            services.subsidy_pay(attendance=april, by=township_user, paid_on=datetime.date(2026, 5, 2))
    assert march.history.count() == 2


def test_exit_with_a_reason_frees_the_place(in_post, post, cadre_a, poor_a, make_member):
    with time_machine.travel(datetime.datetime(2026, 6, 3, 9), tick=False):
        with pytest.raises(ServiceError) as refused:
            services.appointment_exit(
                appointment=in_post, by=cadre_a, end_on=datetime.date(2026, 6, 1), exit_reason="other"
            )
        assert refused.value.field == "exit_note"
        with pytest.raises(ServiceError, match="退岗日期"):
            services.appointment_exit(
                appointment=in_post, by=cadre_a, end_on=datetime.date(2026, 3, 1), exit_reason="own_request"
            )
        services.appointment_exit(
            appointment=in_post, by=cadre_a, end_on=datetime.date(2026, 6, 1), exit_reason="own_request"
        )
        assert in_post.status == Appointment.Status.EXITED and in_post.exit_reason == "own_request"
        with pytest.raises(ServiceError):  # exited: no second exit
            services.appointment_exit(
                appointment=in_post, by=cadre_a, end_on=datetime.date(2026, 6, 1), exit_reason="own_request"
            )
        # The same member may be proposed again, and attendance stops at the exit month.
        again = services.appointment_propose(
            post=post, member=in_post.member, by=cadre_a, proposed_on=datetime.date(2026, 6, 2)
        )
        assert again.status == Appointment.Status.PROPOSED
        with pytest.raises(ServiceError, match="在岗期间"):
            services.attendance_record(
                appointment=in_post, by=cadre_a, month=datetime.date(2026, 7, 1), days_worked=1, passed=True
            )
