"""The dashboard's grading panels, the 走访计划 page and the cadre's 今日应走访 (frozen clock)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from grading.models import GridCell
from grading.services.alerts import alerts_evaluate

from .alert_helpers import graded

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "grading"}
    }
    from django.core.cache import cache

    cache.clear()


def test_dashboard_shows_grades_overdue_and_alerts(regions, county_user, client_for):
    graded(regions["village_a"], "red", 6, due=datetime.date(2026, 7, 1))  # overdue
    graded(regions["village_c"], "green", 2, due=datetime.date(2026, 9, 1))
    alerts_evaluate()
    response = client_for(county_user).get(reverse("dashboard"))
    body = response.content.decode()
    assert 'data-panel="grades"' in body and 'data-chart="grades"' in body
    assert 'data-value="visits-overdue">6<' in body
    assert 'data-value="area-alerts">2<' in body  # the village's and the township's
    assert "/grading/plan/?region=500230000000&amp;overdue=on" in body
    assert "/grading/alerts/?region=500230000000" in body
    charts = response.context["dashboard"]["charts"]["grades"]
    assert charts["labels"] == ["江池镇", "栗子乡"] and charts["stack"] is True
    red = next(s for s in charts["series"] if s["name"] == "红")
    green = next(s for s in charts["series"] if s["name"] == "绿")
    assert (red["values"], green["values"]) == ([0, 6], [2, 0])
    assert red["links"][1] == "/grading/plan/?region=500230201000&grade=red"


def test_grade_names_follow_the_setting(regions, county_user, client_for, settings):
    settings.GRADE_NAMES = {"red": "高风险"}
    graded(regions["village_a"], "red", 1)
    charts = client_for(county_user).get(reverse("dashboard")).context["dashboard"]["charts"]["grades"]
    assert [s["name"] for s in charts["series"]] == ["高风险", "橙", "黄", "绿"]
    plan = client_for(county_user).get(reverse("grading:plan")).content.decode()
    assert "高风险" in plan


def test_plan_page_filters_and_scope(regions, township_user, cadre_b, department_user, client_for):
    [late] = graded(regions["village_a"], "red", due=datetime.date(2026, 7, 1))
    [later] = graded(regions["village_a"], "green", due=datetime.date(2026, 9, 1))
    [elsewhere] = graded(regions["village_c"], "red", due=datetime.date(2026, 7, 1))
    body = client_for(township_user).get(reverse("grading:plan") + "?overdue=on").content.decode()
    assert f'data-household="{late.pk}"' in body
    assert f'data-household="{later.pk}"' not in body and f'data-household="{elsewhere.pk}"' not in body
    assert client_for(cadre_b).get(reverse("grading:plan")).content.decode().count("data-household=") == 0
    assert client_for(department_user).get(reverse("grading:plan")).status_code == 403


def test_cadre_home_shows_due_today(regions, cadre_a, township_user, client_for):
    graded(regions["village_a"], "red", 2, due=datetime.date(2026, 7, 12))
    graded(regions["village_a"], "orange", 1, due=datetime.date(2026, 7, 11))
    graded(regions["village_b"], "red", 1, due=datetime.date(2026, 7, 1))  # not the cadre's village
    with time_machine.travel(datetime.datetime(2026, 7, 11, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        body = client_for(cadre_a).get(reverse("home")).content.decode()
        assert 'data-value="due-today">1<' in body and "今天到期" in body
    with time_machine.travel(datetime.datetime(2026, 7, 13, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        body = client_for(cadre_a).get(reverse("home")).content.decode()
        assert 'data-value="due-today">3<' in body and "逾期 2 天" in body
    assert "visits-due-today" not in client_for(township_user).get(reverse("home")).content.decode()


def test_plan_page_costs_the_same_for_more_rows(regions, township_user, cadre_a, cadre_b, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    graded(regions["village_a"], "red", 2)
    GridCell.objects.get(village=regions["village_a"]).cadres.add(cadre_a)
    client = client_for(township_user)
    client.get(reverse("grading:plan"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("grading:plan")).content.decode().count("data-household=") == 2
    graded(regions["village_b"], "orange", 5)
    GridCell.objects.get(village=regions["village_b"]).cadres.add(cadre_b, township_user)
    with CaptureQueriesContext(connection) as more:
        assert client.get(reverse("grading:plan")).content.decode().count("data-household=") == 7
    assert len(more.captured_queries) == len(few.captured_queries)
