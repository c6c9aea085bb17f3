import datetime

import pytest

from assistance.catalogue import load_catalogue
from assistance.models import MeasureCategory
from households.choices import LabourSkill
from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.models import Case, CaseRisk


@pytest.fixture(autouse=True)
def catalogue_loaded(db):
    """The data migration loads the catalogue, but a transactional test (live_server) flushes the
    tables afterwards; put it back so every test here sees the shipped catalogue."""
    load_catalogue(MeasureCategory)


def _make_case(user, village, *, status=Case.Status.MONITORED, risks=(), able=True, enrolled_on=None):
    household = HouseholdFactory(village=village)
    MemberFactory(household=household, labour_skill=LabourSkill.ORDINARY if able else LabourSkill.NONE)
    found = datetime.date(2026, 1, 5)
    case = Case.objects.create(
        household=household,
        village=village,
        category="边缘易致贫户",
        channel="干部走访排查",
        status=status,
        step=0,
        found_on=found,
        deadline=found,
        enrolled_on=enrolled_on or datetime.date(2026, 1, 20),
        created_by=user,
    )
    CaseRisk.objects.bulk_create(CaseRisk(case=case, risk_type=r) for r in risks)
    return case


@pytest.fixture
def make_case(regions, cadre_a):
    """``make_case(risks=[...], able=True, status=..., village=..., enrolled_on=...)``."""

    def make(village=None, **kwargs):
        return _make_case(cadre_a, village or regions["village_a"], **kwargs)

    return make


@pytest.fixture
def case_a(make_case):
    return make_case(risks=["因病"])
