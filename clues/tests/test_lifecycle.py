import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from clues.models import Clue, ClueLog
from clues.services import clue_confirm, clue_dispatch, clue_exclude, clue_from_visit, clue_raise, clue_start
from common.errors import Conflict, ServiceError
from common.models import Notification
from households.choices import Assurance
from households.models import Visit
from households.tests.factories import HouseholdFactory
from monitoring.models import Case, Channel
from monitoring.services import case_nominate


def new_clue(household, by, **fields):
    return Clue.objects.create(
        household=household,
        source=fields.pop("source", Clue.Source.DEPARTMENT),
        rule=fields.pop("rule", "medical_self_paid"),
        risk_type=fields.pop("risk_type", "因病"),
        found_on=timezone.localdate(),
        dispatch_due=timezone.localdate() + datetime.timedelta(days=3),
        created_by=by,
        **fields,
    )


@pytest.fixture
def clue(regions, county_user):
    return new_clue(HouseholdFactory(village=regions["village_a"]), county_user)


def test_dispatch_sets_verify_deadline_and_notifies_village_cadres(clue, township_user, cadre_a, cadre_b):
    clue = clue_dispatch(clue=clue, by=township_user)
    assert clue.status == Clue.Status.DISPATCHED
    assert clue.verify_due == timezone.localdate() + datetime.timedelta(days=7)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["cadre_a"]
    assert ClueLog.objects.get(clue=clue).to_status == Clue.Status.DISPATCHED


def test_village_cadre_may_not_dispatch(clue, cadre_a):
    with pytest.raises(PermissionDenied):
        clue_dispatch(clue=clue, by=cadre_a)
    assert Clue.objects.get(pk=clue.pk).status == Clue.Status.NEW


def test_other_township_may_not_dispatch(regions, clue):
    from conftest import make_user

    other = make_user("other_township", "township", regions["other_township"])
    with pytest.raises(PermissionDenied):
        clue_dispatch(clue=clue, by=other)


def test_verification_cannot_start_before_dispatch(clue, cadre_a):
    with pytest.raises(ServiceError, match="不能进行此操作"):
        clue_start(clue=clue, by=cadre_a)


def test_stale_second_dispatch_is_a_conflict(clue, township_user):
    stale = Clue.objects.get(pk=clue.pk)
    clue_dispatch(clue=clue, by=township_user)
    with pytest.raises(Conflict):
        clue_dispatch(clue=stale, by=township_user)
    assert ClueLog.objects.filter(clue=clue).count() == 1


def test_confirmation_nominates_a_case_through_the_department_channel(clue, township_user, cadre_a):
    clue = clue_start(clue=clue_dispatch(clue=clue, by=township_user), by=cadre_a)
    clue = clue_confirm(clue=clue, by=cadre_a, category="突发严重困难户", note="住院自付1.2万元")
    case = Case.objects.get(household=clue.household)
    assert (clue.status, clue.case) == (Clue.Status.CONFIRMED, case)
    assert (case.channel, case.status, case.step) == (Channel.DEPARTMENT, Case.Status.ENROLLING, 2)
    assert list(case.risks.values_list("risk_type", flat=True)) == ["因病"]


def test_a_case_opened_elsewhere_closes_the_clue_instead_of_a_second_nomination(clue, township_user, cadre_a):
    clue = clue_start(clue=clue_dispatch(clue=clue, by=township_user), by=cadre_a)
    existing = case_nominate(
        household=clue.household,
        by=cadre_a,
        category="边缘易致贫户",
        risks=[("因学", "")],
        channel=Channel.CADRE_VISIT,
        found_on=timezone.localdate(),
    )
    clue.refresh_from_db()
    assert (clue.status, clue.case) == (Clue.Status.JOINED, existing)
    with pytest.raises(ServiceError, match="不能进行此操作"):
        clue_confirm(clue=clue, by=cadre_a, category="突发严重困难户")
    assert Case.objects.filter(household=clue.household).count() == 1


def test_failed_nomination_leaves_the_clue_verifying(regions, clue, township_user, cadre_a):
    clue = clue_start(clue=clue_dispatch(clue=clue, by=township_user), by=cadre_a)
    with pytest.raises(ServiceError):  # not a former-poor household
        clue_confirm(clue=clue, by=cadre_a, category="脱贫不稳定户")
    assert Clue.objects.get(pk=clue.pk).status == Clue.Status.VERIFYING
    assert not Case.objects.exists()


def test_exclusion_needs_a_reason(clue, township_user, cadre_a):
    clue = clue_dispatch(clue=clue, by=township_user)
    with pytest.raises(ServiceError, match="原因"):
        clue_exclude(clue=clue, by=cadre_a, reason="  ")
    clue = clue_exclude(clue=clue, by=cadre_a, reason="已核实：费用已由大病保险报销")
    assert (clue.status, clue.exclusion_reason) == (Clue.Status.EXCLUDED, "已核实：费用已由大病保险报销")


def test_township_excludes_a_new_clue_but_not_a_dispatched_one(clue, township_user):
    other = new_clue(clue.household, clue.created_by, rule="water_unsafe", risk_type="因安全饮水")
    clue_dispatch(clue=other, by=township_user)
    assert clue_exclude(clue=clue, by=township_user, reason="重复线索").status == Clue.Status.EXCLUDED
    with pytest.raises(PermissionDenied):
        clue_exclude(clue=Clue.objects.get(pk=other.pk), by=township_user, reason="x")


def test_visit_problems_become_clues_once(regions, cadre_a):
    household = HouseholdFactory(village=regions["village_a"])
    visit = Visit.objects.create(
        household=household,
        visited_on=timezone.localdate(),
        visitor=cadre_a,
        food_clothing=Assurance.SECURE,
        education=Assurance.SECURE,
        medical=Assurance.PROBLEM,
        housing=Assurance.SECURE,
        water=Assurance.PROBLEM,
        new_risks=["因务工就业不稳"],
    )
    clues = clue_from_visit(visit, cadre_a)
    assert sorted(c.risk_type for c in clues) == sorted(["因安全饮水", "因务工就业不稳", "因病"])
    assert {c.source for c in clues} == {Clue.Source.VISIT}
    clue_from_visit(visit, cadre_a)
    assert Clue.objects.count() == 3
    assert ClueLog.objects.count() == 3


def test_application_clue_raised_by_the_village(regions, cadre_a, cadre_b):
    household = HouseholdFactory(village=regions["village_a"])
    clue = clue_raise(household=household, by=cadre_a, source=Clue.Source.APPLICATION, risk_type="因病")
    assert (clue.status, clue.rule) == (Clue.Status.NEW, "application")
    with pytest.raises(PermissionDenied):
        clue_raise(household=household, by=cadre_b, source=Clue.Source.APPLICATION, risk_type="因病")


def test_overdue_counts_dispatch_and_verify_deadlines(clue, township_user):
    late = timezone.localdate() + datetime.timedelta(days=4)
    assert list(Clue.objects.overdue(late)) == [clue]
    clue_dispatch(clue=clue, by=township_user)
    assert not Clue.objects.overdue(late).exists()
    assert Clue.objects.overdue(late + datetime.timedelta(days=7)).exists()
