"""API fixtures: a token client per persona and a small register in villages A, B and C."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from assistance.models import Measure, MeasureCategory
from clues.models import Clue
from households.choices import Assurance, RiskType
from households.models import IncomeRecord, MonitoringLine, Visit
from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.models import Case, CaseRisk, CaseStep, Category, Channel
from monitoring.reviews import ReviewEntry, ReviewRound


@pytest.fixture
def api_for():
    """``api_for(user)``: an APIClient authenticated with the user's token."""

    def make(user):
        client = APIClient()
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def seed_household(village, by, *, number, with_case=True):
    household = HouseholdFactory(village=village, number=number, phone="13812345678", head_name="户主")
    MemberFactory(household=household, name="户主")
    IncomeRecord.objects.create(
        household=household,
        year=2025,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        wage=Decimal(20000),
        members=1,
        recorded_by=by,
    )
    Visit.objects.create(
        household=household,
        visited_on=datetime.date(2026, 3, 1),
        visitor=by,
        **dict.fromkeys(Visit.ASSURANCE_FIELDS, Assurance.SECURE),
    )
    if with_case:
        case = Case.objects.create(
            household=household,
            village=village,
            category=Category.EDGE,
            channel=Channel.CADRE_VISIT,
            found_on=datetime.date(2026, 3, 1),
            deadline=datetime.date(2026, 3, 16),
            created_by=by,
        )
        CaseRisk.objects.create(case=case, risk_type=RiskType.ILLNESS)
        CaseStep.objects.create(
            case=case, procedure="enrolment", step=1, decision="pass", by=by, role="village"
        )
        category, _created = MeasureCategory.objects.get_or_create(
            code="jiuye", defaults={"name": "就业帮扶", "kind": MeasureCategory.Kind.DEVELOPMENT}
        )
        Measure.objects.create(case=case, category=category, content="公益岗位", created_by=by)
        review, _created = ReviewRound.objects.get_or_create(village=village, year=2026, quarter=1)
        ReviewEntry.objects.create(round=review, case=case, risk_status="persisting")
    Clue.objects.create(
        source=Clue.Source.VISIT,
        rule="visit",
        risk_type=RiskType.ILLNESS,
        household=household,
        person_id=household.members.first().person_id,
        found_on=datetime.date(2026, 3, 1),
        dispatch_due=datetime.date(2026, 3, 8),
    )
    return household


@pytest.fixture
def register(regions, superuser):
    """One household (with member, income, visit, case, measure) in each of villages A, B, C."""
    MonitoringLine.objects.create(
        year=2026,
        region=regions["city"],
        amount=Decimal("7600"),
        basis="演示",
        effective_date=datetime.date(2026, 1, 1),
        is_demo=True,
    )
    return {
        key: seed_household(regions[key], superuser, number=f"50023000000000{i}")
        for i, key in enumerate(("village_a", "village_b", "village_c"), start=1)
    }


@pytest.fixture(autouse=True)
def no_anonymous_throttle(monkeypatch):
    """The token endpoint's per-address limit would carry over between tests (and between runs
    when the cache is Redis); tests of throttling set their own rates."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
