"""grades_recompute over the database: facts gathered set-wise, history on change only, groups
derived from the register, recompute on the changes that feed it."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clues.models import Clue
from grading.models import HouseholdGrade, MemberGroup
from grading.services import grades_recompute, member_group_set
from households.choices import Assurance, DisabilityGrade
from households.services.visits import visit_record
from monitoring.models import Case, CaseRisk

pytestmark = pytest.mark.django_db


def grade_of(household) -> HouseholdGrade:
    return HouseholdGrade.objects.get(household=household)


def test_grade_with_reasons_from_income_and_labour(line, make_household):
    household = make_household(per_capita=10800, able=1, unable=2)
    grades_recompute()
    grade = grade_of(household)
    assert grade.reasons == ["人均纯收入仅高于监测范围 8%", "有劳动能力成员仅占 33%"]
    assert (grade.grade, grade.score) == ("orange", 35)


def test_open_case_risks_clues_and_department_matches_count(line, make_household, cadre_a, open_case):
    household = make_household(per_capita=30000)
    case = open_case(household)
    CaseRisk.objects.create(case=case, risk_type="因病")
    Clue.objects.create(
        source=Clue.Source.DEPARTMENT,
        rule="medical_self_paid",
        risk_type="因病",
        household=household,
        evidence={"amount": "21000"},
        found_on=datetime.date(2026, 6, 1),
        dispatch_due=datetime.date(2026, 6, 4),
    )
    Clue.objects.create(  # department match older than a year: not counted
        source=Clue.Source.DEPARTMENT,
        rule="housing_unsafe",
        risk_type="因安全住房",
        household=household,
        status=Clue.Status.CONFIRMED,
        case=case,
        found_on=datetime.date(2025, 6, 1),
        dispatch_due=datetime.date(2025, 6, 4),
    )
    grades_recompute()
    assert grade_of(household).reasons == [
        "监测中风险：因病",
        "有 1 条未办结预警线索（因病）",
        "医保自付超过 2.1 万元",
    ]
    assert grade_of(household).score == 30


def test_history_row_only_when_the_grade_changes(line, make_household):
    household = make_household(per_capita=30000)
    grades_recompute()
    grades_recompute()
    grade = grade_of(household)
    assert grade.history.count() == 1
    record = household.incomes.get()
    record.wage = Decimal(9000)
    record.save()
    grades_recompute()
    assert grade_of(household).grade == "orange"
    assert list(grade.history.values_list("grade", flat=True)) == ["orange", "green"]


def test_register_flags_become_dated_groups_and_end_when_cleared(line, make_household):
    household = make_household(
        per_capita=30000, dibao=True, disabled=True, healthy=False, disability_grade=DisabilityGrade.GRADE_2
    )
    grades_recompute()
    kinds = set(MemberGroup.objects.filter(end__isnull=True).values_list("kind", flat=True))
    assert kinds == {"dibao", "severe_disability"}
    assert "特殊群体：低保对象、重度残疾人" in grade_of(household).reasons
    household.members.update(dibao=False)
    grades_recompute()
    assert MemberGroup.objects.get(kind="dibao").end == datetime.date(2026, 7, 10)
    assert set(MemberGroup.objects.active().values_list("kind", flat=True)) == {"severe_disability"}


def test_recompute_query_count_does_not_grow_with_households(line, make_household):
    # Both runs in the same way: cells and groups exist (created with the households), grades new.
    make_household(per_capita=10800, able=1, unable=1, dibao=True)
    HouseholdGrade.objects.all().delete()
    with CaptureQueriesContext(connection) as first:
        grades_recompute()
    for _ in range(6):
        make_household(per_capita=9000, able=0, unable=2, tekun=True, village="village_b")
    HouseholdGrade.objects.all().delete()
    with CaptureQueriesContext(connection) as second:
        grades_recompute()
    assert len(second) == len(first)


def test_a_recorded_visit_regrades_its_household_on_commit(
    line, make_household, cadre_a, django_capture_on_commit_callbacks
):
    household = make_household(per_capita=30000)
    grades_recompute()
    assert grade_of(household).grade == "green"
    checks = {f: Assurance.SECURE for f in ("food_clothing", "education", "medical", "housing", "water")}
    checks["housing"] = Assurance.PROBLEM
    with django_capture_on_commit_callbacks(execute=True):
        visit_record(
            household=household,
            by=cadre_a,
            visited_on=datetime.date(2026, 7, 9),
            checks=checks,
            check_notes={"housing": "屋顶漏雨"},
        )
    grade = grade_of(household)
    assert "最近走访发现问题：住房安全" in grade.reasons
    assert grade.grade == "yellow"
    assert grade.last_visit == datetime.date(2026, 7, 9)


def test_a_saved_income_record_regrades_on_commit(line, make_household, django_capture_on_commit_callbacks):
    household = make_household(per_capita=30000)
    grades_recompute()
    with django_capture_on_commit_callbacks(execute=True):
        record = household.incomes.get()
        record.wage = Decimal(10500)
        record.save()
    assert grade_of(household).reasons[0] == "人均纯收入仅高于监测范围 5%"


def test_manual_group_by_service_regrades(line, make_household, cadre_a, django_capture_on_commit_callbacks):
    household = make_household(per_capita=30000)
    with django_capture_on_commit_callbacks(execute=True):
        member_group_set(member=household.members.first(), kind="left_behind_elderly", by=cadre_a)
    grade = grade_of(household)
    assert "特殊群体：留守老年人" in grade.reasons
    assert grade.visit_interval == 30


def test_grades_never_touch_a_case(line, make_household, cadre_a):
    household = make_household(per_capita=5000)
    grades_recompute()
    assert grade_of(household).grade in ("orange", "red")
    assert not Case.objects.exists()
