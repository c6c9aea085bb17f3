"""Area-alert pages, API and ledgers: scope (other township 404, wrong role 403), follow-up by form."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from grading.models import AreaAlert
from grading.services.alerts import alerts_evaluate
from ledgers.tests.conftest import download, read_book, sheet_rows

from .alert_helpers import clue, graded

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(regions):
    graded(regions["village_a"], "red", 6)
    opened = alerts_evaluate()
    return next(a for a in opened if a.region == regions["village_a"])


@pytest.fixture
def other_township_user(regions):
    return make_user("other_tw", "township", regions["other_township"])


def test_township_lists_its_active_alerts(alert, township_user, client_for):
    page = client_for(township_user).get(reverse("grading:alerts"))
    assert page.status_code == 200
    assert f'data-alert="{alert.pk}"' in page.content.decode()
    assert "栗子乡建龙村" in page.content.decode()
    AreaAlert.objects.filter(pk=alert.pk).update(status="closed")
    assert (
        f'data-alert="{alert.pk}"'
        not in client_for(township_user).get(reverse("grading:alerts")).content.decode()
    )
    closed = client_for(township_user).get(reverse("grading:alerts") + "?status=closed").content.decode()
    assert f'data-alert="{alert.pk}"' in closed


def test_list_costs_the_same_for_more_alerts(regions, alert, township_user, client_for):
    client = client_for(township_user)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("grading:alerts"))
    households = graded(regions["village_b"], "green", 10)
    for household in households[:6]:
        clue(household)
    alerts_evaluate()
    assert AreaAlert.objects.count() >= 3
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("grading:alerts"))
    assert len(more) == len(one)


def test_alert_page_shows_households_and_scope(
    alert, township_user, other_township_user, cadre_b, client_for
):
    url = reverse("grading:alert", args=[alert.pk])
    body = client_for(township_user).get(url).content.decode()
    assert body.count('href="/households/') >= 6 and 'id="action-acknowledge"' in body
    assert client_for(other_township_user).get(url).status_code == 404
    assert client_for(cadre_b).get(url).status_code == 404


def test_village_reads_its_alert_without_actions(alert, cadre_a, client_for):
    client = client_for(cadre_a)
    body = client.get(reverse("grading:alert", args=[alert.pk])).content.decode()
    assert "action-acknowledge" not in body and "note-form" not in body
    assert client.post(reverse("grading:alert_acknowledge", args=[alert.pk]), {}).status_code == 403
    assert client.post(reverse("grading:alert_note", args=[alert.pk]), {"text": "x"}).status_code == 403


def test_department_user_is_refused(alert, department_user, client_for):
    client = client_for(department_user)
    assert client.get(reverse("grading:alerts")).status_code == 403
    assert client.get(reverse("grading:alert", args=[alert.pk])).status_code == 403


def test_acknowledge_note_and_close_by_form(alert, township_user, client_for):
    client = client_for(township_user)
    response = client.post(reverse("grading:alert_acknowledge", args=[alert.pk]), {"note": "已安排核查"})
    assert response.status_code == 302
    refused = client.post(reverse("grading:alert_close", args=[alert.pk]), {"note": ""})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    kept = client.post(reverse("grading:alert_note", args=[alert.pk]), {"text": "   "})
    assert kept.status_code == 200 and "error-summary" in kept.content.decode()
    client.post(reverse("grading:alert_note", args=[alert.pk]), {"text": "已走访 6 户"})
    client.post(reverse("grading:alert_close", args=[alert.pk]), {"note": "已纳入监测 2 户"})
    alert.refresh_from_db()
    assert (alert.status, alert.close_note) == ("closed", "已纳入监测 2 户")
    body = client.get(reverse("grading:alert", args=[alert.pk])).content.decode()
    assert "已安排核查" in body and "已走访 6 户" in body and "note-form" not in body


def test_api_lists_alerts_in_scope(alert, township_user, other_township_user, cadre_a, cadre_b, client_for):
    body = client_for(township_user).get("/api/v1/area-alerts/").json()
    row = next(r for r in body["results"] if r["id"] == alert.pk)
    assert (row["kind"], row["region_code"], row["households_count"]) == ("grade_share", "500230201201", 6)
    assert len(row["households"]) == 6 and row["status_label"] == "待处理"
    assert [r["id"] for r in client_for(cadre_a).get("/api/v1/area-alerts/").json()["results"]] == [alert.pk]
    assert client_for(cadre_b).get("/api/v1/area-alerts/").json()["results"] == []
    assert client_for(other_township_user).get(f"/api/v1/area-alerts/{alert.pk}/").status_code == 404
    assert client_for(township_user).post("/api/v1/area-alerts/", {}).status_code == 405


def test_api_schema_documents_the_new_lists(township_user, client_for):
    schema = client_for(township_user).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/area-alerts/" in schema["paths"] and "/api/v1/visit-plan/" in schema["paths"]


def test_visit_plan_api_is_scoped_with_overdue_days(
    regions, township_user, cadre_b, client_for, frozen_today
):
    import datetime

    [late] = graded(regions["village_a"], "red", due=datetime.date(2026, 7, 1))
    [soon] = graded(regions["village_a"], "green", due=datetime.date(2026, 8, 1))
    rows = client_for(township_user).get("/api/v1/visit-plan/").json()["results"]
    by_household = {r["household"]: r for r in rows}
    assert by_household[late.pk]["overdue_days"] == 9 and by_household[soon.pk]["overdue_days"] == 0
    assert by_household[late.pk]["grade_label"] == "红"
    overdue = client_for(township_user).get("/api/v1/visit-plan/?overdue=true").json()["results"]
    assert [r["household"] for r in overdue] == [late.pk]
    assert client_for(cadre_b).get("/api/v1/visit-plan/").json()["results"] == []


def _export(client, key):
    response = client.post(reverse("ledgers:export", args=[key]), {})
    assert response.status_code == 200
    return sheet_rows(read_book(download(response)).worksheets[0])


def test_area_alert_ledger_rows(alert, township_user, county_user, client_for):
    from grading.services.alerts import alert_acknowledge

    alert_acknowledge(alert=alert, by=township_user, note="已安排核查")
    rows = _export(client_for(county_user), "area_alerts")
    assert rows[1][:3] == ["乡镇（街道）", "村（社区）", "预警类型"]
    by_village = {r[1]: r for r in rows[2:]}
    village_row = by_village["建龙村"]
    assert village_row[0] == "栗子乡" and village_row[2] == "红橙户占比偏高"
    assert "已安排核查" in village_row[rows[1].index("跟进记录")]
    assert village_row[rows[1].index("状态")] == "已确认"
    [township_row] = [r for r in rows[2:] if not r[1]]  # the township's own alert: no village
    assert township_row[0] == "栗子乡"


def test_visit_plan_ledger_rows(regions, county_user, cadre_a, client_for):
    import datetime

    from grading.services import gridcell_set_cadres

    [household] = graded(regions["village_a"], "orange", due=datetime.date(2026, 7, 3))
    cell = household.grade.cell
    gridcell_set_cadres(cell=cell, cadres=[cadre_a], by=county_user)
    rows = _export(client_for(county_user), "visit_plan")
    header = rows[1]
    [row] = rows[2:]
    assert row[header.index("网格员")] == "cadre_a"
    assert row[header.index("风险等级")] == "橙"
    assert row[header.index("逾期天数")] == 7


def test_api_lists_cost_the_same_for_more_rows(regions, alert, township_user, client_for):
    client = client_for(township_user)
    with CaptureQueriesContext(connection) as one_alerts:
        client.get("/api/v1/area-alerts/")
    with CaptureQueriesContext(connection) as one_plan:
        client.get("/api/v1/visit-plan/")
    households = graded(regions["village_b"], "green", 10)
    for household in households[:6]:
        clue(household)
    alerts_evaluate()
    assert AreaAlert.objects.count() >= 3
    with CaptureQueriesContext(connection) as more_alerts:
        client.get("/api/v1/area-alerts/")
    with CaptureQueriesContext(connection) as more_plan:
        client.get("/api/v1/visit-plan/")
    assert len(more_alerts) == len(one_alerts) and len(more_plan) == len(one_plan)


def test_closing_an_alert_asks_first(alert, township_user, client_for):
    """关闭预警 ends the alert for good (no reopening): the form asks before posting."""
    page = client_for(township_user).get(reverse("grading:alert", args=[alert.pk])).content.decode()
    close_form = re.search(r'<form[^>]*id="action-close"[^>]*>', page)
    acknowledge_form = re.search(r'<form[^>]*id="action-acknowledge"[^>]*>', page)
    assert close_form and "data-confirm=" in close_form.group()
    assert acknowledge_form and "data-confirm=" not in acknowledge_form.group()
