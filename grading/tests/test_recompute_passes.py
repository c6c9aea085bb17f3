"""The nightly recompute in passes (issue 18, performance): slices give the same grades as one
household at a time, only changed rows are written, and the set-wise inputs (the income trend over
several records, removed members, register flags) reach the rules."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grading.models import HouseholdGrade, MemberGroup
from grading.services import grades, grades_recompute
from households.choices import Assurance
from households.models import IncomeRecord, Visit
from monitoring.models import CaseRisk

pytestmark = pytest.mark.django_db


def stored() -> dict[int, tuple]:
    return {
        g.household_id: (
            g.grade,
            g.score,
            g.reasons,
            g.visit_interval,
            g.visit_basis,
            g.next_visit_due,
            g.cell_id,
        )
        for g in HouseholdGrade.objects.all()
    }


@pytest.fixture
def varied(line, make_household, cadre_a, open_case):
    """Households that between them hit every rule (and none)."""
    made = [
        make_household(per_capita=30000),
        make_household(per_capita=10800, able=1, unable=2),
        make_household(per_capita=9000, able=0, unable=2, tekun=True, village="village_b"),
        make_household(per_capita=None, able=2),
        make_household(per_capita=30000, dibao=True),
    ]
    case = open_case(made[0])
    CaseRisk.objects.create(case=case, risk_type="因病")
    CaseRisk.objects.create(case=case, risk_type="因学")
    checks = {f: Assurance.SECURE for f in Visit.ASSURANCE_FIELDS}
    Visit.objects.create(household=made[3], visited_on=datetime.date(2026, 7, 1), visitor=cadre_a, **checks)
    checks["water"] = checks["medical"] = Assurance.PROBLEM
    Visit.objects.create(household=made[3], visited_on=datetime.date(2026, 6, 1), visitor=cadre_a, **checks)
    Visit.objects.create(household=made[4], visited_on=datetime.date(2026, 7, 2), visitor=cadre_a, **checks)
    return made


def test_passes_of_two_grade_like_one_household_at_a_time(varied, monkeypatch):
    for household in varied:
        grades_recompute(households=[household.pk])
    one_by_one = stored()
    HouseholdGrade.objects.all().delete()
    monkeypatch.setattr(grades, "SLICE", 2)
    assert grades_recompute() == len(varied)
    assert stored() == one_by_one
    assert one_by_one[varied[0].pk][2] == ["监测中风险：因学、因病"]
    assert one_by_one[varied[3].pk][2] == ["收入核算窗口内无收入记录"]  # latest visit: no problem
    assert one_by_one[varied[4].pk][2] == ["最近走访发现问题：基本医疗、饮水安全", "特殊群体：低保对象"]


def test_an_unchanged_household_is_not_written_again(varied):
    grades_recompute()
    before = dict(HouseholdGrade.objects.values_list("household_id", "computed_at"))
    history = HouseholdGrade.history.count()
    with CaptureQueriesContext(connection) as queries:
        grades_recompute()
    writes = ('UPDATE "grading_householdgrade"', 'INSERT INTO "grading_h')
    assert not [q for q in queries if q["sql"].startswith(writes)]
    assert dict(HouseholdGrade.objects.values_list("household_id", "computed_at")) == before
    assert HouseholdGrade.history.count() == history


def test_a_new_visit_updates_the_due_date_without_a_history_row(varied, cadre_a):
    grades_recompute()
    household = varied[0]
    history = HouseholdGrade.history.count()
    checks = {f: Assurance.SECURE for f in Visit.ASSURANCE_FIELDS}
    Visit.objects.create(
        household=household, visited_on=datetime.date(2026, 7, 10), visitor=cadre_a, **checks
    )
    grades_recompute()
    grade = HouseholdGrade.objects.get(household=household)
    assert grade.last_visit == datetime.date(2026, 7, 10)
    assert grade.next_visit_due == datetime.date(2026, 7, 10) + datetime.timedelta(days=grade.visit_interval)
    assert HouseholdGrade.history.count() == history


def test_the_trend_compares_with_the_record_one_window_before(line, make_household):
    household = make_household(per_capita=12000)
    for end, wage in [(datetime.date(2025, 6, 30), 16000), (datetime.date(2024, 6, 30), 30000)]:
        IncomeRecord.objects.create(
            household=household,
            year=end.year,
            period_start=end.replace(year=end.year - 1, day=1, month=7),
            period_end=end,
            wage=Decimal(wage),
            members=1,
        )
    grades_recompute()
    assert "人均纯收入较上期下降 25%" in HouseholdGrade.objects.get(household=household).reasons


def test_a_removed_member_ends_its_register_group(line, make_household):
    household = make_household(per_capita=30000, able=2, dibao=True)
    grades_recompute()
    assert MemberGroup.objects.active().filter(kind="dibao").exists()
    household.members.filter(dibao=True).update(
        removed_on=datetime.date(2026, 7, 1), removal_reason="deceased"
    )
    grades_recompute()
    assert MemberGroup.objects.get(kind="dibao").end == datetime.date(2026, 7, 10)
    assert not any("特殊群体" in r for r in HouseholdGrade.objects.get(household=household).reasons)
