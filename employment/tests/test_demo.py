import io

import time_machine

from accounts import demo as accounts_demo
from clues.models import Clue
from employment import demo
from employment.models import (
    Appointment,
    Attendance,
    EmploymentRecord,
    EmploymentStatus,
    FollowUp,
    WelfarePost,
)

from .conftest import former_poor


def test_demo_without_users_creates_nothing_and_says_so(regions):
    out = io.StringIO()
    demo.build(stdout=out)
    assert not WelfarePost.objects.exists() and "未创建" in out.getvalue()


@time_machine.travel("2026-11-20 09:00", tick=False)
def test_demo_shows_every_status_and_state_and_is_idempotent(regions, make_member):
    accounts_demo.build(stdout=io.StringIO())
    for _ in range(4):
        household = former_poor(regions["village_a"])
        for _ in range(3):
            make_member(household)
    for _ in range(6):
        make_member(former_poor(regions["village_c"]))
    demo.build(stdout=io.StringIO(), seed=5)
    statuses = set(EmploymentRecord.objects.values_list("status", flat=True))
    assert statuses == set(EmploymentStatus.values)
    assert set(FollowUp.objects.values_list("status", flat=True)) == set(FollowUp.Status.values)
    assert set(Appointment.objects.values_list("status", flat=True)) == set(Appointment.Status.values)
    rows = Attendance.objects.all()
    assert (
        rows.filter(paid_on__isnull=False).exists()
        and rows.filter(paid_on__isnull=True, passed=True).exists()
    )
    assert rows.filter(passed=False).exists()
    assert Clue.objects.filter(rule="employment_lost_job").exists()
    counts = (EmploymentRecord.objects.count(), FollowUp.objects.count(), Appointment.objects.count())
    demo.build(stdout=io.StringIO(), seed=5)
    assert (EmploymentRecord.objects.count(), FollowUp.objects.count(), Appointment.objects.count()) == counts
