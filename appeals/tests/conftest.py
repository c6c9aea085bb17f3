"""Cases with appealable decisions, built as the monitoring services leave them."""

import datetime

import pytest
import time_machine

from households.tests.factories import HouseholdFactory
from monitoring.models import Case, CaseStep

TODAY = datetime.date(2026, 6, 1)
ENROL, EXIT = CaseStep.Procedure.ENROLMENT, CaseStep.Procedure.EXIT
PASS, REJECT, NOTE = CaseStep.Decision.PASS, CaseStep.Decision.REJECT, CaseStep.Decision.NOTE


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every test runs on 2026-06-01 (08:00 Beijing time) unless it travels on."""
    with time_machine.travel(
        datetime.datetime(2026, 6, 1, 0, 0, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _case(village, by, status, **fields):
    household = HouseholdFactory(village=village, head_name=fields.pop("head_name", "王大山"))
    found = datetime.date(2026, 4, 1)
    return Case.objects.create(
        household=household, village=village, category="边缘易致贫户", channel="干部走访排查",
        status=status, step=fields.pop("step", 0), found_on=found, deadline=found + datetime.timedelta(days=15),
        created_by=by, **fields,
    )  # fmt: skip


def _step(case, procedure, step, decision, by, role, opinion="同意", **details):
    return CaseStep.objects.create(
        case=case, procedure=procedure, step=step, decision=decision, opinion=opinion, details=details,
        by=by, role=role,
    )  # fmt: skip


@pytest.fixture
def make_rejected(cadre_a, township_user):
    """An enrolment rejected at the township review (未纳入); returns (case, the reject step)."""

    def make(village=None, by=None):
        village = village or cadre_a.role_assignments.first().regions.first()
        case = _case(village, by or cadre_a, Case.Status.REJECTED)
        for step in (1, 2, 3):
            _step(case, ENROL, step, PASS, cadre_a, "village")
        return case, _step(case, ENROL, 4, REJECT, township_user, "township", "收入高于监测范围")

    return make


@pytest.fixture
def make_eliminated(cadre_a, township_user, county_user):
    """An eliminated case; returns (case, the county's elimination step)."""

    def make(village=None):
        village = village or cadre_a.role_assignments.first().regions.first()
        case = _case(
            village, cadre_a, Case.Status.ELIMINATED, enrolled_on=datetime.date(2025, 6, 1),
            eliminated_on=datetime.date(2026, 5, 20), elimination_type="自然消除",
        )  # fmt: skip
        for procedure in (ENROL, EXIT):
            for step in (1, 2, 3):
                _step(case, procedure, step, PASS, cadre_a, "village")
            _step(case, procedure, 4, PASS, township_user, "township", kind="opinion", office="乡村振兴办")
            last = _step(case, procedure, 5, PASS, county_user, "county")
        return case, last

    return make


@pytest.fixture
def rejected(make_rejected):
    return make_rejected()


@pytest.fixture
def eliminated(make_eliminated):
    return make_eliminated()


@pytest.fixture
def objection(cadre_a):
    """An enrolling case in its notice with an objection recorded; returns (case, the objection)."""
    village = cadre_a.role_assignments.first().regions.first()
    case = _case(
        village, cadre_a, Case.Status.ENROLLING, step=4,
        notice_start=datetime.date(2026, 5, 29), notice_end=datetime.date(2026, 6, 2),
    )  # fmt: skip
    for step in (1, 2, 3):
        _step(case, ENROL, step, PASS, cadre_a, "village")
    return case, _step(case, ENROL, 3, NOTE, cadre_a, "village", "邻居反映其家庭有经营收入", kind="objection")


@pytest.fixture
def register_appeal(cadre_a):
    """``register_appeal(case, decision, **overrides)`` through the service."""
    from appeals.services import appeal_register

    def register(case, decision, by=None, **kwargs):
        values = {"grounds": "家中有重病患者，收入核算有误", "received_on": TODAY, **kwargs}
        return appeal_register(case=case, decision=decision, by=by or cadre_a, **values)

    return register
