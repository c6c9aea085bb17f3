"""Helpers that move a case through the real services, so tests start from honest states."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.models import Case
from monitoring.services import (
    case_decide,
    case_deliberate,
    case_nominate,
    case_township_review,
    case_verify,
)

TODAY = datetime.date.today()


def authorisation() -> SimpleUploadedFile:
    return SimpleUploadedFile("承诺授权书.pdf", b"%PDF-1.4 signed", content_type="application/pdf")


# What an exit's home verification (step 2) records: income, 三保障 and water, the labour check.
EXIT_VERIFIED = {
    "verified_income": 9000,
    **dict.fromkeys(("food_clothing", "education", "medical", "housing", "water"), "secure"),
    "labour_check": "able",
}


def household_in(village, **fields):
    household = HouseholdFactory(village=village, **fields)
    MemberFactory(household=household, name=household.head_name)
    return household


def end_notice(case: Case) -> Case:
    """Move the public notice into the past: the township may now review."""
    Case.objects.filter(pk=case.pk).update(
        notice_start=TODAY - datetime.timedelta(days=6), notice_end=TODAY - datetime.timedelta(days=1)
    )
    case.refresh_from_db()
    return case


def deliberate(case, by):
    return case_deliberate(
        case=case, by=by, meeting_date=TODAY, participants="甲,乙,丙", votes_for=3, votes_against=0,
        votes_abstain=0, minutes="一致同意",
    )  # fmt: skip


@pytest.fixture
def walk(cadre_a, township_user, county_user):
    """``walk(case, to_step)`` takes ``case`` (in 建龙村) through the services up to ``to_step``
    (6 = past the county decision)."""

    def go(case: Case, to_step: int) -> Case:
        if case.step == 2 and to_step > 2:
            if case.status == Case.Status.ENROLLING:
                case_verify(case=case, by=cadre_a, opinion="属实", authorisation=authorisation())
            else:
                case_verify(case=case, by=cadre_a, opinion="属实", **EXIT_VERIFIED)
        if case.step == 3 and to_step > 3:
            deliberate(case, cadre_a)
        if case.step == 4 and to_step > 4:
            end_notice(case)
            case_township_review(case=case, by=township_user, opinion="同意", office="民政办")
        if case.step == 5 and to_step > 5:
            case_decide(case=case, by=county_user)
        case.refresh_from_db()
        return case

    return go


@pytest.fixture
def nominated(regions, cadre_a):
    """A case of 建龙村 just nominated (waiting for step 2)."""
    return case_nominate(
        household=household_in(regions["village_a"]), by=cadre_a, category="边缘易致贫户",
        risks=[("因病", "")], channel="干部走访排查", found_on=TODAY, evidence="住院",
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Persona users are created per test; the production hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
