"""The visiting grid: due dates per grade and group, overdue escalation, the pages and their scope."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from common.models import Notification
from common.quality import REGISTRY
from grading.models import GridCell, HouseholdGrade, MemberGroup
from grading.services import grades_recompute, gridcell_set_cadres, visits_escalate

pytestmark = pytest.mark.django_db


def local(y, m, d):
    return datetime.datetime(y, m, d, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def grade_of(household) -> HouseholdGrade:
    return HouseholdGrade.objects.get(household=household)


def test_due_date_follows_the_grade(line, make_household):
    green = make_household(per_capita=30000)
    red = make_household(per_capita=5000, able=0, unable=2)  # below the line, no labour: 60
    orange = make_household(per_capita=9000)  # below the line: 50
    yellow = make_household(per_capita=10800)  # near the line: 25
    expected = {green: ("green", 90), red: ("red", 7), orange: ("orange", 15), yellow: ("yellow", 30)}
    for household, (grade, days) in expected.items():
        row = grade_of(household)
        assert (row.grade, row.visit_interval) == (grade, days)
        assert row.next_visit_due == datetime.date(2026, 7, 10) + datetime.timedelta(days=days)


def test_special_group_shortens_the_interval(line, make_household):
    household = make_household(per_capita=30000)
    MemberGroup.objects.create(
        member=household.members.first(),
        kind="left_behind_child",
        start=datetime.date(2026, 7, 1),
        source="manual",
    )
    grades_recompute()
    row = grade_of(household)
    assert (row.grade, row.visit_interval, row.visit_basis) == ("green", 30, "留守儿童 每 30 天")
    assert row.next_visit_due == datetime.date(2026, 8, 9)


def test_the_last_visit_is_the_start_of_the_interval(line, make_household, cadre_a):
    household = make_household(per_capita=30000)
    household.visits.create(
        visited_on=datetime.date(2026, 7, 5),
        visitor=cadre_a,
        food_clothing="secure",
        education="secure",
        medical="secure",
        housing="secure",
        water="secure",
    )
    grades_recompute()
    assert grade_of(household).next_visit_due == datetime.date(2026, 10, 3)


def test_overdue_visit_escalates_to_the_township_once(line, make_household, township_user, cadre_a):
    red = make_household(per_capita=5000, able=0, unable=2)  # due 2026-07-17
    assert grade_of(red).next_visit_due == datetime.date(2026, 7, 17)
    with time_machine.travel(local(2026, 7, 24), tick=False):  # 7 days late: not yet
        assert visits_escalate() == 0
    with time_machine.travel(local(2026, 7, 25), tick=False):
        assert visits_escalate() == 1
        assert visits_escalate() == 0
    notes = Notification.objects.filter(kind="visit_overdue")
    assert [n.recipient for n in notes] == [township_user]
    assert "1 户走访逾期" in notes[0].message
    with time_machine.travel(local(2026, 7, 26), tick=False):
        assert visits_escalate() == 0  # the same overdue date does not escalate again


def test_overdue_visits_are_a_quality_finding(line, make_household):
    red = make_household(per_capita=5000, able=0, unable=2)
    make_household(per_capita=30000)
    check = REGISTRY["household_visit_overdue"]
    assert list(check.run()) == []
    with time_machine.travel(local(2026, 7, 18), tick=False):
        assert list(check.run()) == [red]


def test_cadre_sees_due_visits_overdue_first_with_reasons(line, make_household, cadre_a, client_for):
    green = make_household(per_capita=30000)
    red = make_household(per_capita=5000, able=0, unable=2)
    make_household(per_capita=5000, village="village_b")
    with time_machine.travel(local(2026, 7, 20), tick=False):
        response = client_for(cadre_a).get(reverse("grading:visits"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.household_id for r in rows] == [red.pk, green.pk]
    assert rows[0].overdue_days == 3
    assert "人均纯收入低于监测范围" in response.content.decode()


def test_cells_with_named_cadres_show_only_to_them(line, make_household, cadre_a, regions, client_for):
    from conftest import make_user

    other = make_user("cadre_a2", "village", regions["village_a"])
    household = make_household(per_capita=30000)
    gridcell_set_cadres(cell=grade_of(household).cell, cadres=[other], by=cadre_a)
    assert list(client_for(cadre_a).get(reverse("grading:visits")).context["rows"]) == []
    assert [r.household_id for r in client_for(other).get(reverse("grading:visits")).context["rows"]] == [
        household.pk
    ]


def test_visits_page_refuses_other_roles(township_user, viewer, client_for):
    assert client_for(township_user).get(reverse("grading:visits")).status_code == 403
    assert client_for(viewer).get(reverse("grading:visits")).status_code == 403


def test_coverage_table_per_group(line, make_household, township_user, client_for, cadre_a):
    make_household(per_capita=5000, able=0, unable=2)
    done = make_household(per_capita=30000)
    done.visits.create(
        visited_on=datetime.date(2026, 7, 9),
        visitor=cadre_a,
        food_clothing="secure",
        education="secure",
        medical="secure",
        housing="secure",
        water="secure",
    )
    grades_recompute()
    with time_machine.travel(local(2026, 7, 20), tick=False):
        response = client_for(township_user).get(reverse("grading:coverage"))
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert (row["households"], row["done"], row["overdue"]) == (2, 1, 1)
    assert GridCell.objects.get().name == "未分组"


def test_coverage_of_another_township_village_is_404(township_user, regions, client_for):
    url = reverse("grading:coverage") + f"?village={regions['village_c'].pk}"
    assert client_for(township_user).get(url).status_code == 404


def test_coverage_refuses_viewer(viewer, client_for):
    assert client_for(viewer).get(reverse("grading:coverage")).status_code == 403


def test_household_page_shows_grade_and_reasons(line, make_household, cadre_a, client_for):
    household = make_household(per_capita=10800)
    response = client_for(cadre_a).get(reverse("households:detail", args=[household.pk]))
    assert response.status_code == 200
    assert "人均纯收入仅高于监测范围 8%" in response.content.decode()


def test_beat_tasks_run_the_services(line, make_household, township_user, settings):
    from grading import tasks

    red = make_household(per_capita=5000, able=0, unable=2)
    HouseholdGrade.objects.all().delete()
    assert tasks.recompute_grades.delay().get() == 1
    assert grade_of(red).grade == "red"
    with time_machine.travel(local(2026, 7, 25), tick=False):
        assert tasks.escalate_overdue_visits.delay().get() == 1
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"grading.tasks.recompute_grades", "grading.tasks.escalate_overdue_visits"} <= names


def test_a_household_in_an_open_case_is_visited_at_least_monthly(line, make_household, open_case):
    """One rule for "monitored households are visited" (policy visit_days_case): the grid's."""
    from monitoring.models import Case, CaseRisk

    household = make_household(per_capita=30000)
    assert grade_of(household).visit_interval == 90  # green, no case
    case = open_case(household)
    CaseRisk.objects.create(case=case, risk_type="因病")
    grades_recompute()
    row = grade_of(household)
    assert (row.grade, row.visit_interval, row.visit_basis) == ("green", 30, "监测对象 每 30 天")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ELIMINATED)
    grades_recompute()
    assert grade_of(household).visit_interval == 90
