"""Issue 17 item 1: a cadre's home is today's work; an approver's home is the queue with counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clues.models import Clue
from households.models import Visit
from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.models import Case
from monitoring.reviews import ReviewRound
from monitoring.services import case_decide, case_deliberate, case_nominate, case_township_review, case_verify
from monitoring.tests.conftest import authorisation, end_notice

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def nominate(village, by, name):
    household = HouseholdFactory(village=village, head_name=name)
    MemberFactory(household=household, name=name)
    return case_nominate(household=household, by=by, category="边缘易致贫户", risks=[("因病", "")],
                         channel="干部走访排查", found_on=TODAY, evidence="住院")  # fmt: skip


def monitored(village, cadre, township, county, name):
    case = nominate(village, cadre, name)
    case_verify(case=case, by=cadre, opinion="属实", authorisation=authorisation())
    case_deliberate(case=case, by=cadre, meeting_date=TODAY, participants="甲、乙、丙", votes_for=3,
                    votes_against=0, votes_abstain=0, minutes="同意")  # fmt: skip
    end_notice(case)
    case_township_review(case=case, by=township, opinion="同意", office="乡村振兴办")
    case_decide(case=case, by=county)
    return case


def clue(village, by, status):
    return Clue.objects.create(
        household=HouseholdFactory(village=village, head_name="线索户"), source=Clue.Source.DEPARTMENT,
        rule="water_unsafe", risk_type="因安全饮水", status=status, found_on=TODAY,
        dispatch_due=TODAY + datetime.timedelta(days=3), verify_due=TODAY + datetime.timedelta(days=7),
        created_by=by,
    )  # fmt: skip


def test_cadre_home_is_todays_work(client_for, regions, cadre_a, township_user, county_user):
    village = regions["village_a"]
    waiting = nominate(village, cadre_a, "张待办")
    Case.objects.filter(pk=waiting.pk).update(deadline=TODAY + datetime.timedelta(days=4))
    visited = monitored(village, cadre_a, township_user, county_user, "李已访")
    Visit.objects.create(household=visited.household, visited_on=TODAY, visitor=cadre_a,
                         **dict.fromkeys(Visit.ASSURANCE_FIELDS, "secure"))  # fmt: skip
    monitored(village, cadre_a, township_user, county_user, "王未访")
    clue(village, county_user, Clue.Status.DISPATCHED)
    ReviewRound.objects.create(village=village, year=TODAY.year, quarter=1)
    nominate(regions["village_b"], _cadre_b(regions), "赵外村")

    response = client_for(cadre_a).get(reverse("home"))
    work = response.context["work"]
    assert [c.household.head_name for c in work["cases"]["rows"]] == ["张待办"]
    assert [c.household.head_name for c in work["clues"]["rows"]] == ["线索户"]
    assert len(work["rounds"]["rows"]) == 1
    html = response.content.decode()
    assert "剩余 4 天" in html and "今日应走访" in html  # visits due: the grid's one list (grading)
    assert reverse("households:create") in html and "走访" in html
    assert reverse("dashboard") in html
    assert "data-panel" not in html  # the dashboard is one tap away, not on the first screen


def _cadre_b(regions):
    from accounts.models import Role
    from conftest import make_user

    return make_user("cadre_b2", Role.VILLAGE, regions["village_b"])


def test_approver_home_is_the_queue_with_counts(client_for, regions, cadre_a, township_user):
    in_notice = nominate(regions["village_a"], cadre_a, "公示户")
    case_verify(case=in_notice, by=cadre_a, opinion="属实", authorisation=authorisation())
    case_deliberate(case=in_notice, by=cadre_a, meeting_date=TODAY, participants="甲、乙、丙", votes_for=3,
                    votes_against=0, votes_abstain=0, minutes="同意")  # fmt: skip
    ready = nominate(regions["village_a"], cadre_a, "待审户")
    case_verify(case=ready, by=cadre_a, opinion="属实", authorisation=authorisation())
    case_deliberate(case=ready, by=cadre_a, meeting_date=TODAY, participants="甲、乙、丙", votes_for=3,
                    votes_against=0, votes_abstain=0, minutes="同意")  # fmt: skip
    end_notice(ready)
    Case.objects.filter(pk=ready.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    clue(regions["village_a"], cadre_a, Clue.Status.NEW)

    response = client_for(township_user).get(reverse("home"))
    work = response.context["work"]
    assert work["counts"] == {"total": 2, "mine": 1, "in_notice": 1, "overdue": 1}
    assert [c.household.head_name for c in work["cases"]["rows"]] == ["待审户"]
    assert work["clue_count"] == 1
    html = response.content.decode()
    assert reverse("households:create") not in html and "已逾期 1 天" in html


def test_viewer_home_keeps_the_dashboard(client_for, viewer):
    response = client_for(viewer).get(reverse("home"))
    assert response.context["work"] is None and "dashboard" in response.context


def test_home_query_count_does_not_grow_with_the_work(
    client_for, regions, cadre_a, township_user, county_user, django_assert_num_queries
):
    for i in range(3):
        monitored(regions["village_a"], cadre_a, township_user, county_user, f"户{i}")
        nominate(regions["village_a"], cadre_a, f"提{i}")
        clue(regions["village_a"], county_user, Clue.Status.DISPATCHED)
    client = client_for(cadre_a)
    client.get(reverse("home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for i in range(3, 9):
        monitored(regions["village_a"], cadre_a, township_user, county_user, f"户{i}")
        nominate(regions["village_a"], cadre_a, f"提{i}")
        clue(regions["village_a"], county_user, Clue.Status.DISPATCHED)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))
