import datetime
from decimal import Decimal

import pytest

from households.choices import LabourSkill, Relationship
from households.models import IncomeRecord, MonitoringLine
from households.tests.factories import HouseholdFactory, MemberFactory


@pytest.fixture
def line(regions):
    return MonitoringLine.objects.create(
        year=2026,
        region=regions["city"],
        amount=Decimal(10000),
        basis="测试",
        effective_date=datetime.date(2026, 1, 1),
    )


@pytest.fixture
def make_household(regions, django_capture_on_commit_callbacks):
    """``make_household(per_capita=..., village=..., able=1, unable=0)``: a household with members and,
    when ``per_capita`` is given, a 2026 income record ending on 2026-06-30."""

    def make(per_capita=None, village="village_a", able=1, unable=0, **member_fields):
        # Committed as a real save would be: the grading receivers run now (and grade it).
        with django_capture_on_commit_callbacks(execute=True):
            return _make(per_capita, village, able, unable, **member_fields)

    def _make(per_capita, village, able, unable, **member_fields):
        household = HouseholdFactory(village=regions[village])
        for i in range(able + unable):
            MemberFactory(
                household=household,
                relationship=Relationship.HEAD if i == 0 else Relationship.SON,
                labour_skill=LabourSkill.ORDINARY if i < able else LabourSkill.NONE,
                **(member_fields if i == 0 else {}),
            )
        if per_capita is not None:
            IncomeRecord.objects.create(
                household=household,
                year=2026,
                period_start=datetime.date(2025, 7, 1),
                period_end=datetime.date(2026, 6, 30),
                wage=Decimal(per_capita),
                members=1,
            )
        return household

    return make


@pytest.fixture
def open_case(cadre_a):
    """``open_case(household)``: a monitored case (found 2026-05-01) of ``household``, no risks yet."""
    from monitoring.models import Case

    def make(household):
        return Case.objects.create(
            household=household,
            village=household.village,
            category="边缘易致贫户",
            channel="干部走访排查",
            status=Case.Status.MONITORED,
            found_on=datetime.date(2026, 5, 1),
            deadline=datetime.date(2026, 5, 15),
            created_by=cadre_a,
        )

    return make


TODAY = datetime.date(2026, 7, 10)


@pytest.fixture(autouse=True)
def frozen_today():
    """Every grading test runs on 2026-07-10 (the income record of the fixtures is in the window)."""
    from zoneinfo import ZoneInfo

    import time_machine

    with time_machine.travel(
        datetime.datetime(2026, 7, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ) as traveller:
        yield traveller
