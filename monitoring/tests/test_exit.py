import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied

from assistance.models import Measure, MeasureCategory
from common.errors import ServiceError
from common.models import PolicySetting
from households.models import HouseholdFlag, IncomeRecord, MonitoringLine, Visit
from monitoring.models import Case, CaseStep
from monitoring.services import (
    case_decide,
    case_nominate,
    case_nominate_exit,
    case_reject,
    case_rollback,
)

from .conftest import EXIT_VERIFIED, TODAY


def income(household, per_capita: int):
    return IncomeRecord.objects.create(
        household=household, year=TODAY.year, period_start=TODAY - relativedelta(months=12),
        period_end=TODAY - datetime.timedelta(days=1), wage=Decimal(per_capita), members=1,
    )  # fmt: skip


def visit(household, by, **problems):
    fields = dict.fromkeys(Visit.ASSURANCE_FIELDS, "secure") | problems
    return Visit.objects.create(household=household, visited_on=TODAY, visitor=by, **fields)


def measure(case, by, status="implementing"):
    category = MeasureCategory.objects.get_or_create(
        code="jy", defaults={"name": "就业帮扶", "kind": "development"}
    )[0]
    return Measure.objects.create(
        case=case, category=category, content="公益岗位", status=status, created_by=by
    )


@pytest.fixture
def monitored(nominated, walk, regions, cadre_a):
    """A case monitored for seven months whose household now meets every exit condition."""
    case = walk(nominated, 6)
    Case.objects.filter(pk=case.pk).update(enrolled_on=TODAY - relativedelta(months=7))
    case.refresh_from_db()
    MonitoringLine.objects.create(year=TODAY.year, region=regions["city"], amount=7000, basis="test", effective_date=TODAY.replace(month=1, day=1))  # fmt: skip
    income(case.household, 9000)
    visit(case.household, cadre_a)
    measure(case, cadre_a)
    return case


def exit_(case, by, elimination_type="帮扶消除", **kw):
    return case_nominate_exit(case=case, by=by, elimination_type=elimination_type, evidence="收入稳定", **kw)


def test_exit_goes_through_five_steps_to_eliminated(monitored, walk, cadre_a):
    exit_(monitored, cadre_a)
    assert (monitored.status, monitored.step, monitored.elimination_type) == ("exiting", 2, "帮扶消除")
    assert monitored.deadline == TODAY + datetime.timedelta(days=15)
    case = walk(monitored, 6)
    assert (case.status, case.eliminated_on, case.elimination_type) == ("eliminated", TODAY, "帮扶消除")
    assert list(case.steps.filter(procedure="exit").values_list("step", flat=True)) == [1, 2, 3, 4, 5]


def test_exit_verification_needs_no_authorisation(monitored, cadre_a):
    from monitoring.services import case_verify

    exit_(monitored, cadre_a)
    case_verify(case=monitored, by=cadre_a, opinion="收入核实属实", **EXIT_VERIFIED)
    assert monitored.step == 3


def test_exit_refused_when_income_below_line(monitored, cadre_a):
    IncomeRecord.objects.all().delete()
    income(monitored.household, 6500)
    with pytest.raises(ServiceError, match="未高于监测范围 7000"):
        exit_(monitored, cadre_a)
    assert Case.objects.get(pk=monitored.pk).status == "monitored"


def test_exit_refused_within_income_margin(monitored, cadre_a, regions):
    PolicySetting.objects.create(key="exit_income_margin", region=regions["county"], value=2500)
    with pytest.raises(ServiceError, match="另加幅度 2500"):
        exit_(monitored, cadre_a)


def test_exit_refused_without_income_record(monitored, cadre_a):
    IncomeRecord.objects.all().delete()
    with pytest.raises(ServiceError, match="没有收入记录"):
        exit_(monitored, cadre_a)


def test_exit_refused_when_latest_visit_finds_a_problem(monitored, cadre_a):
    Visit.objects.all().delete()
    with pytest.raises(ServiceError, match="没有走访记录"):
        exit_(monitored, cadre_a)
    visit(monitored.household, cadre_a, water="problem")
    with pytest.raises(ServiceError, match="饮水安全"):
        exit_(monitored, cadre_a)


def test_exit_refused_when_visit_found_new_risk(monitored, cadre_a):
    Visit.objects.update(new_risks=["因病"])
    with pytest.raises(ServiceError, match="新的风险尚未解除：因病"):
        exit_(monitored, cadre_a)


def test_assisted_exit_needs_an_implemented_measure(monitored, cadre_a):
    Measure.objects.update(status="planned")
    with pytest.raises(ServiceError, match="已落实的帮扶措施"):
        exit_(monitored, cadre_a)


def test_assisted_exit_needs_minimum_months_but_natural_does_not(monitored, cadre_a):
    Case.objects.filter(pk=monitored.pk).update(enrolled_on=TODAY - relativedelta(months=5))
    monitored.refresh_from_db()
    Measure.objects.update(status="planned")
    with pytest.raises(ServiceError, match="满 6 个月") as refused:
        exit_(monitored, cadre_a)
    assert "已落实的帮扶措施" in str(refused.value)  # every failed condition is named at once
    exit_(monitored, cadre_a, elimination_type="自然消除", reason="子女参加工作，家庭收入稳定")
    assert monitored.status == "exiting"


def test_natural_exit_needs_a_reason(monitored, cadre_a):
    with pytest.raises(ServiceError, match="自然消除须写明"):
        exit_(monitored, cadre_a, elimination_type="自然消除")


def test_household_without_labour_is_never_eliminated(monitored, cadre_a):
    HouseholdFlag.objects.create(household=monitored.household, kind="no_labour")
    for kind in ("帮扶消除", "自然消除"):
        with pytest.raises(ServiceError, match="整户无劳动能力"):
            exit_(monitored, cadre_a, elimination_type=kind, reason="x")
    assert Case.objects.get(pk=monitored.pk).status == "monitored"


def test_county_decision_rechecks_the_guards(monitored, walk, cadre_a, county_user):
    exit_(monitored, cadre_a)
    case = walk(monitored, 5)
    visit(case.household, cadre_a, housing="problem")
    with pytest.raises(ServiceError, match="住房安全"):
        case_decide(case=case, by=county_user)


def test_only_monitored_cases_may_exit_and_only_village_nominates(
    nominated, monitored, cadre_a, township_user
):
    with pytest.raises(PermissionDenied):
        exit_(monitored, township_user)
    exit_(monitored, cadre_a)
    with pytest.raises(ServiceError, match="只有监测中"):
        exit_(monitored, cadre_a)


def test_rejected_exit_returns_to_monitored(monitored, cadre_a):
    exit_(monitored, cadre_a)
    case_reject(case=monitored, by=cadre_a, reason="收入不稳定")
    case = Case.objects.get(pk=monitored.pk)
    assert (case.status, case.step, case.elimination_type) == ("monitored", 0, "")


def test_county_rolls_back_an_elimination(monitored, walk, cadre_a, county_user):
    exit_(monitored, cadre_a)
    case = walk(monitored, 6)
    with pytest.raises(PermissionDenied):
        case_rollback(case=case, by=cadre_a, reason="x")
    with pytest.raises(ServiceError, match="回退理由"):
        case_rollback(case=case, by=county_user, reason="")
    case_rollback(case=case, by=county_user, reason="复查发现收入不实")
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.eliminated_on, case.elimination_type) == ("monitored", None, "")
    step = case.steps.last()
    assert (step.procedure, step.details["elimination_type"]) == (CaseStep.Procedure.ROLLBACK, "帮扶消除")


def test_rollback_refused_when_household_has_another_open_case(monitored, walk, cadre_a, county_user):
    exit_(monitored, cadre_a)
    case = walk(monitored, 6)
    again = case_nominate(household=case.household, by=cadre_a, category="边缘易致贫户", risks=[("因学", "")],
                          channel="农户自主申报", found_on=TODAY, evidence="子女上学")  # fmt: skip
    assert again.previous_case == case  # 再标注: the new case links the eliminated one
    with pytest.raises(ServiceError, match="其他未结束的监测记录"):
        case_rollback(case=case, by=county_user, reason="x")


def test_rollback_only_of_eliminated_cases(monitored, county_user):
    with pytest.raises(ServiceError, match="只有风险已消除"):
        case_rollback(case=monitored, by=county_user, reason="x")
