import datetime

import pytest

from households.choices import HouseholdFlagKind, LabourSkill
from households.models import HouseholdFlag
from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.models import Case

DAY = datetime.date(2026, 4, 10)  # second quarter of 2026


def former_poor(village):
    household = HouseholdFactory(village=village)
    HouseholdFlag.objects.create(
        household=household, kind=HouseholdFlagKind.FORMER_POOR, start_date=datetime.date(2019, 12, 1)
    )
    return household


def monitored(village, by):
    household = HouseholdFactory(village=village)
    Case.objects.create(
        household=household,
        village=village,
        category="边缘易致贫户",
        channel="干部走访排查",
        status=Case.Status.MONITORED,
        step=0,
        found_on=datetime.date(2026, 1, 5),
        deadline=datetime.date(2026, 1, 5),
        enrolled_on=datetime.date(2026, 1, 20),
        created_by=by,
    )
    return household


@pytest.fixture
def poor_a(regions):
    return former_poor(regions["village_a"])


@pytest.fixture
def worker_a(poor_a):
    """A 40-year-old able member of a 脱贫户 in village A."""
    return MemberFactory(
        household=poor_a,
        birth_date=datetime.date(1986, 3, 1),
        labour_skill=LabourSkill.ORDINARY,
        relationship="配偶",
    )


@pytest.fixture
def make_member():
    def make(household, **fields):
        fields.setdefault("birth_date", datetime.date(1986, 3, 1))
        fields.setdefault("labour_skill", LabourSkill.ORDINARY)
        fields.setdefault("relationship", "之子")
        return MemberFactory(household=household, **fields)

    return make
