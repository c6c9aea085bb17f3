"""The one workflow helper (``common.workflow``) under every workflow: cases, clues, measures and
disposals move ``updated_at``, refuse a stale second click with a Conflict, and record who acted."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role
from assets.services.disposal import disposal_request, disposal_review
from assets.tests.factories import make_asset
from assistance.models import MeasureCategory
from assistance.services import measure_create, measure_start
from clues.models import Clue
from clues.services import clue_dispatch
from common.errors import Conflict
from common.workflow import allowed_actions
from conftest import make_user
from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.models import Case
from monitoring.services import case_nominate, case_verify

TODAY = datetime.date.today()
LONG_AGO = timezone.now() - datetime.timedelta(days=30)


def _case(regions, by):
    household = HouseholdFactory(village=regions["village_a"])
    MemberFactory(household=household)
    return case_nominate(household=household, by=by, category="边缘易致贫户", risks=[("因病", "")],
                         channel="干部走访排查", found_on=TODAY, evidence="住院")  # fmt: skip


def _verify(case, by):
    signed = SimpleUploadedFile("承诺授权书.pdf", b"%PDF-1.4", content_type="application/pdf")
    return case_verify(case=case, by=by, opinion="属实", authorisation=signed)


def _clue(regions, by):
    return Clue.objects.create(
        household=HouseholdFactory(village=regions["village_a"]), source=Clue.Source.DEPARTMENT,
        rule="medical_self_paid", risk_type="因病", found_on=TODAY, dispatch_due=TODAY, created_by=by,
    )  # fmt: skip


def _measure(regions, by):
    case = Case.objects.create(
        household=HouseholdFactory(village=regions["village_a"]), village=regions["village_a"],
        category="边缘易致贫户", channel="干部走访排查", status=Case.Status.MONITORED, step=0,
        found_on=TODAY, deadline=TODAY, enrolled_on=TODAY, created_by=by,
    )  # fmt: skip
    return measure_create(
        case=case, by=by, category=MeasureCategory.objects.get(code="health"), content="签约"
    )


def _disposal(regions, by):
    asset = make_asset(regions["village_a"])
    return disposal_request(asset=asset, by=by, kind="scrap", reason="报废")


# workflow → (make the object as a village cadre, the acting role, one transition, its log's user)
WORKFLOWS = {
    "case": (_case, Role.VILLAGE, _verify, lambda c: c.steps.latest("at", "id").by),
    "clue": (_clue, Role.TOWNSHIP, lambda c, by: clue_dispatch(clue=c, by=by), lambda c: c.log.latest("at").by),
    "measure": (
        _measure, Role.VILLAGE, lambda m, by: measure_start(measure=m, by=by),
        lambda m: m.history.latest("history_date").history_user,
    ),
    "disposal": (
        _disposal, Role.TOWNSHIP, lambda d, by: disposal_review(disposal=d, by=by, opinion="属实"),
        lambda d: d.steps.latest("at", "id").by,
    ),
}  # fmt: skip


@pytest.fixture
def actor(regions):
    """A second user of each acting role, so the log shows who acted, not who created."""

    def make(role):
        region = regions["village_a"] if role == Role.VILLAGE else regions["township"]
        return make_user(f"actor_{role}", role, region)

    return make


@pytest.mark.parametrize("kind", WORKFLOWS)
def test_a_transition_moves_updated_at(kind, regions, cadre_a, actor):
    make, role, act, _log = WORKFLOWS[kind]
    obj = make(regions, cadre_a)
    type(obj).objects.filter(pk=obj.pk).update(updated_at=LONG_AGO)
    obj.refresh_from_db()
    act(obj, actor(role))
    stored = type(obj).objects.get(pk=obj.pk).updated_at
    assert stored > LONG_AGO and obj.updated_at == stored


@pytest.mark.parametrize("kind", WORKFLOWS)
def test_a_stale_second_click_is_a_conflict_and_acts_once(kind, regions, cadre_a, actor):
    make, role, act, _log = WORKFLOWS[kind]
    obj = make(regions, cadre_a)
    stale = type(obj).objects.get(pk=obj.pk)
    user = actor(role)
    act(obj, user)
    with pytest.raises(Conflict) as refused:
        act(stale, user)
    assert refused.value.code == "stale" and refused.value.status_code == 409
    assert "已被他人办理" in refused.value.message


@pytest.mark.parametrize("kind", WORKFLOWS)
def test_the_log_row_names_the_acting_user(kind, regions, cadre_a, actor):
    make, role, act, log_user = WORKFLOWS[kind]
    obj = make(regions, cadre_a)
    user = actor(role)
    act(obj, user)
    assert log_user(obj) == user


@pytest.mark.parametrize("kind", ["case", "measure"])
def test_the_history_row_of_a_transition_has_the_acting_user(kind, regions, cadre_a, actor):
    make, role, act, _log = WORKFLOWS[kind]
    obj = make(regions, cadre_a)
    user = actor(role)
    act(obj, user)
    row = obj.history.latest("history_date")
    assert (row.history_type, row.history_user, row.status) == ("~", user, obj.status)


def test_allowed_actions_follow_state_and_role(regions, cadre_a, cadre_b, township_user):
    case = _case(regions, cadre_a)
    assert allowed_actions(case, cadre_a) == ["verify", "return", "reject"]
    assert allowed_actions(case, cadre_b) == [] and allowed_actions(case, township_user) == []
    clue = _clue(regions, cadre_a)
    assert allowed_actions(clue, township_user) == ["dispatch", "exclude"]
    assert allowed_actions(clue, cadre_a) == []
