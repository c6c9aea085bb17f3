"""住房安全问题台账: workflow, 销号 only by the township after verification, visit hook, exit guard."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from assistance.models import HousingProblem
from assistance.services import housing as services
from common.errors import ServiceError
from households.choices import Assurance
from households.services.visits import visit_record
from households.tests.factories import HouseholdFactory
from monitoring.models import EliminationType
from monitoring.services.exit import exit_refusals

S = HousingProblem.Status
DAY = datetime.date(2026, 3, 1)


def photo(name: str = "fix.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def household(regions):
    return HouseholdFactory(village=regions["village_a"])


@pytest.fixture
def problem(household, cadre_a):
    return services.housing_problem_open(
        household=household, by=cadre_a, found_on=DAY, description="墙体开裂", grade="C"
    )


def fixed(problem, cadre_a):
    services.housing_problem_assign(problem=problem, by=cadre_a, assigned_unit="乡建设环保办")
    return services.housing_problem_report_fixed(
        problem=problem, by=cadre_a, fixed_on=DAY, fix_note="加固完成", photos=[photo()]
    )


def test_full_workflow_ends_struck_off_by_the_township(problem, cadre_a, township_user):
    assert problem.status == S.REGISTERED and problem.source == HousingProblem.Source.MANUAL
    fixed(problem, cadre_a)
    assert problem.status == S.AWAITING
    assert problem.photos.count() == 1
    services.housing_problem_strike_off(problem=problem, by=township_user, verify_note="现场核验属实")
    problem.refresh_from_db()
    assert problem.status == S.STRUCK_OFF and problem.struck_off_on is not None
    assert problem.history.count() == 4


def test_strike_off_before_verification_is_refused(problem, cadre_a, township_user):
    with pytest.raises(ServiceError):
        services.housing_problem_strike_off(problem=problem, by=township_user, verify_note="x")
    services.housing_problem_assign(problem=problem, by=cadre_a, assigned_unit="乡建设环保办")
    with pytest.raises(ServiceError):
        services.housing_problem_strike_off(problem=problem, by=township_user, verify_note="x")
    problem.refresh_from_db()
    assert problem.status == S.FIXING


def test_village_cadre_may_not_strike_off(problem, cadre_a):
    fixed(problem, cadre_a)
    with pytest.raises(PermissionDenied):
        services.housing_problem_strike_off(problem=problem, by=cadre_a, verify_note="x")


def test_other_village_cadre_may_not_open_or_act(household, cadre_b, problem):
    with pytest.raises(PermissionDenied):
        services.housing_problem_open(household=household, by=cadre_b, found_on=DAY, description="x")
    with pytest.raises(PermissionDenied):
        services.housing_problem_assign(problem=problem, by=cadre_b, assigned_unit="x")


def test_fix_needs_a_real_photo(problem, cadre_a):
    services.housing_problem_assign(problem=problem, by=cadre_a, assigned_unit="乡建设环保办")
    with pytest.raises(ServiceError) as no_photo:
        services.housing_problem_report_fixed(
            problem=problem, by=cadre_a, fixed_on=DAY, fix_note="x", photos=[]
        )
    assert no_photo.value.field == "photos"
    fake = SimpleUploadedFile("fix.jpg", b"<html>not an image</html>")
    with pytest.raises(ServiceError):
        services.housing_problem_report_fixed(
            problem=problem, by=cadre_a, fixed_on=DAY, fix_note="x", photos=[fake]
        )
    problem.refresh_from_db()
    assert problem.status == S.FIXING


def test_rejected_fix_goes_back_and_unfounded_needs_a_reason(problem, cadre_a, township_user):
    fixed(problem, cadre_a)
    services.housing_problem_reject_fix(problem=problem, by=township_user, verify_note="未整改到位")
    assert problem.status == S.FIXING
    with pytest.raises(ServiceError):
        services.housing_problem_unfounded(problem=problem, by=township_user, reason=" ")
    services.housing_problem_unfounded(problem=problem, by=township_user, reason="核实为新建住房")
    assert problem.status == S.UNFOUNDED and not problem.is_open


def _visit(household, by, housing):
    checks = dict.fromkeys(("food_clothing", "education", "medical", "housing", "water"), Assurance.SECURE)
    checks["housing"] = housing
    return visit_record(
        household=household,
        by=by,
        visited_on=DAY,
        checks=checks,
        check_notes={"housing": "屋顶漏雨"} if housing == Assurance.PROBLEM else {},
    )


def test_a_visit_with_a_housing_problem_opens_one_once(household, cadre_a):
    _visit(household, cadre_a, Assurance.SECURE)
    assert not HousingProblem.objects.exists()
    visit = _visit(household, cadre_a, Assurance.PROBLEM)
    problem = HousingProblem.objects.get()
    assert problem.source == HousingProblem.Source.VISIT and problem.visit == visit
    assert problem.description == "屋顶漏雨"
    _visit(household, cadre_a, Assurance.PROBLEM)
    assert HousingProblem.objects.count() == 1


def test_department_match_opens_a_problem_unless_one_is_open(household):
    first = services.housing_problem_from_department(household=household, found_on=DAY, grade="D")
    assert first is not None and first.source == HousingProblem.Source.DEPARTMENT and first.grade == "D"
    assert services.housing_problem_from_department(household=household, found_on=DAY, grade="C") is None


def test_open_problems_block_the_exit(case_a, cadre_a, township_user):
    problem = services.housing_problem_open(
        household=case_a.household, by=cadre_a, found_on=DAY, description="危房"
    )
    refusals = exit_refusals(case_a, EliminationType.ASSISTED)
    assert any("住房安全问题台账" in r for r in refusals)
    fixed(problem, cadre_a)
    assert any("住房安全问题台账" in r for r in exit_refusals(case_a, EliminationType.ASSISTED))
    services.housing_problem_strike_off(problem=problem, by=township_user, verify_note="核验通过")
    assert not any("住房安全问题台账" in r for r in exit_refusals(case_a, EliminationType.ASSISTED))
