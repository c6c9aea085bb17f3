import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from households.models import IncomeRecord, MonitoringLine
from households.services.income import refresh_latest_income
from indicators.dashboard import dashboard_data, resolve_scope
from indicators.services import snapshot_refresh
from monitoring.models import Case


@pytest.fixture
def dataset(regions, make_case, superuser):
    """Hand-counted: 栗子乡 (建龙村 a, 联合村 b) and 江池镇 (徐坪村 c)."""
    today = timezone.localdate()
    late = today - datetime.timedelta(days=1)
    a1 = make_case(
        "village_a",
        Case.Status.MONITORED,
        category="脱贫不稳定户",
        risks=["因病", "因学"],
        measures=["completed"],
    )
    a2 = make_case("village_a", Case.Status.MONITORED, risks=["因病"])
    make_case("village_a", Case.Status.EXITING, step=4, risks=["因残"], measures=["implementing"])
    make_case("village_a", Case.Status.ENROLLING, step=2, deadline=late)
    make_case("village_a", Case.Status.ELIMINATED)
    make_case("village_b", Case.Status.MONITORED, risks=["因病"], measures=["planned"])
    make_case("village_b", Case.Status.ENROLLING, step=1)
    c1 = make_case("village_c", Case.Status.MONITORED, category="突发严重困难户")
    make_case("village_c", Case.Status.ENROLLING, step=3, deadline=late)
    MonitoringLine.objects.create(
        year=today.year,
        region=regions["city"],
        amount=Decimal(6000),
        basis="test",
        effective_date=today.replace(month=1, day=1),
    )

    def income(case, per_capita, end):
        IncomeRecord.objects.create(
            household=case.household,
            year=end.year,
            period_start=end - datetime.timedelta(365),
            period_end=end,
            wage=Decimal(per_capita) * 2,
            members=2,
        )

    income(a1, 9000, today - datetime.timedelta(days=400))
    income(a1, 5000, today - datetime.timedelta(days=10))  # latest: below the line
    income(a2, 7000, today - datetime.timedelta(days=10))
    income(c1, 4000, today - datetime.timedelta(days=10))
    for case in (a1, a2, c1):  # what income_record does: the household list reads this link
        refresh_latest_income(case.household)
    snapshot_refresh()
    return regions


def _panels(user, code=None):
    return {p["template"].rsplit("/", 1)[-1][:-5]: p for p in dashboard_data(resolve_scope(user, code))}


def test_county_numbers_match_hand_counts(dataset, county_user):
    panels = _panels(county_user)
    cases = panels["cases"]
    assert cases["monitored"] == 5
    assert dict(cases["by_category"]) == {"脱贫不稳定户": 1, "边缘易致贫户": 3, "突发严重困难户": 1}
    assert dict(cases["by_status"]) == {
        "纳入程序中": 3,
        "监测中": 4,
        "风险消除程序中": 1,
        "风险已消除": 1,
        "未纳入": 0,
    }
    assert dict(cases["funnel"]) == {"纳入程序中": [1, 1, 1, 0, 0], "风险消除程序中": [0, 0, 0, 1, 0]}
    assert panels["overdue"]["overdue"] == 2
    assert (panels["assistance"]["with_measure"], panels["assistance"]["total"]) == (2, 5)
    assert dict(panels["risks"]["by_risk"])["因病"] == 3
    assert (panels["below_line"]["below"], panels["below_line"]["with_income"]) == (2, 3)
    rows = {r["name"]: r for r in panels["breakdown"]["rows"]}
    assert {k: rows["栗子乡"][k] for k in ("monitored", "procedure", "overdue", "below")} == {
        "monitored": 4,
        "procedure": 3,
        "overdue": 1,
        "below": 1,
    }
    assert {k: rows["江池镇"][k] for k in ("monitored", "procedure", "overdue", "below")} == {
        "monitored": 1,
        "procedure": 1,
        "overdue": 1,
        "below": 1,
    }


def test_village_cadre_sees_only_the_village(dataset, cadre_a):
    panels = _panels(cadre_a)
    assert panels["cases"]["monitored"] == 3
    assert panels["overdue"]["overdue"] == 1
    assert "breakdown" not in panels  # a village has no township/village rows below it


def test_drill_down_into_a_village_of_the_township(dataset, client_for, township_user):
    response = client_for(township_user).get(reverse("dashboard"), {"region": dataset["village_b"].code})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-value="monitored">1<' in body and "联合村" in body


def test_drill_down_outside_the_scope_is_not_found(dataset, client_for, township_user):
    client = client_for(township_user)
    for region in ("other_township", "village_c", "other_county", "county"):
        assert client.get(reverse("dashboard"), {"region": dataset[region].code}).status_code == 404


def test_home_page_shows_breakdown_with_drill_down_links(dataset, client_for, county_user):
    body = client_for(county_user).get(reverse("dashboard")).content.decode()
    assert f"?region={dataset['township'].code}" in body
    assert 'data-value="overdue">2<' in body


def test_users_without_a_register_role_see_no_numbers(dataset, client_for, nobody, department_user):
    for user in (nobody, department_user):
        body = client_for(user).get(reverse("home")).content.decode()
        assert "data-panel" not in body
        assert resolve_scope(user, None) is None


def test_dashboard_query_count_is_bounded_and_cached(
    dataset, client_for, county_user, django_assert_max_num_queries
):
    client = client_for(county_user)
    with django_assert_max_num_queries(20):
        client.get(reverse("dashboard"))
    with django_assert_max_num_queries(8):  # session, user, assignments, scope: panels from the cache
        client.get(reverse("dashboard"))


def test_snapshot_refresh_retires_cached_dashboards(dataset, county_user, django_capture_on_commit_callbacks):
    before = _panels(county_user)["below_line"]["below"]
    IncomeRecord.objects.filter(per_capita_net__lt=6000).update(per_capita_net=Decimal(8000))
    assert _panels(county_user)["below_line"]["below"] == before  # cached
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_refresh()
    assert _panels(county_user)["below_line"]["below"] == 0


def test_snapshot_is_idempotent(dataset):
    from indicators.models import VillageSnapshot

    rows = list(
        VillageSnapshot.objects.values_list("village_id", "below_line", "with_income").order_by("village_id")
    )
    snapshot_refresh()
    assert (
        list(
            VillageSnapshot.objects.values_list("village_id", "below_line", "with_income").order_by(
                "village_id"
            )
        )
        == rows
    )


def test_user_with_several_regions_gets_one_row_per_region(dataset, regions):
    from accounts.models import Role
    from conftest import make_user

    two = make_user("two_villages", Role.VILLAGE, regions["village_a"], regions["village_c"])
    panels = _panels(two)
    assert panels["cases"]["monitored"] == 4
    rows = {r["name"]: (r["monitored"], r["overdue"], r["below"]) for r in panels["breakdown"]["rows"]}
    assert rows == {"建龙村": (3, 1, 1), "徐坪村": (1, 1, 1)}


def test_warm_task_fills_the_cache_for_city_and_counties(dataset, county_user, django_assert_max_num_queries):
    from indicators import tasks

    assert tasks.dashboard_warm.delay().get() == 3  # 重庆市, 丰都县, 彭水县
    scope = resolve_scope(county_user, None)
    with django_assert_max_num_queries(0):  # served from the cache
        panels = dashboard_data(scope)
    assert next(p for p in panels if "monitored" in p)["monitored"] == 5


def test_open_clues_and_review_completion_when_those_apps_are_present(
    dataset, county_user, cadre_a, superuser
):
    from django.apps import apps

    try:
        clue_model = apps.get_model("clues", "Clue")
        round_model = apps.get_model("monitoring", "ReviewRound")
    except LookupError:
        pytest.skip("clues / review rounds not merged yet")
    assert clue_model.OPEN_STATUSES
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    for village, status in [("village_a", "completed"), ("village_b", "open"), ("village_c", "completed")]:
        round_model.objects.create(village=dataset[village], year=today.year, quarter=quarter, status=status)
    panels = _panels(county_user)
    assert (panels["reviews"]["done"], panels["reviews"]["total"]) == (2, 3)
    assert panels["clues"]["open"] == 0
    assert _panels(cadre_a)["reviews"]["total"] == 1


def _links(panels: dict) -> list[str]:
    """Every tile, table and chart link of the computed panels."""
    found = []
    for panel in panels.values():
        for key, value in panel.items():
            if key == "link" or key.endswith("_link"):
                found.append(value)
            elif key.endswith("_links"):
                found += [v for item in value for v in (item if isinstance(item, list) else [item])]
        for row in panel.get("rows", []):
            found += [row["link"], row["below_link"], row["households_link"]]
        for chart in panel.get("charts", {}).values():
            found += [link for series in chart["series"] for link in series["links"]]
    return found


def _listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


def test_every_tile_and_chart_link_opens_a_list(dataset, client_for, county_user):
    client = client_for(county_user)
    links = _links(_panels(county_user))
    assert len(links) > 40
    for url in set(links):
        assert client.get(url).status_code == 200, url


def test_tile_links_list_what_the_tile_counts(dataset, client_for, county_user, township_user):
    panels = _panels(county_user)
    client = client_for(county_user)
    assert _listed(client, panels["cases"]["monitored_link"]) == panels["cases"]["monitored"] == 5
    assert _listed(client, panels["overdue"]["link"]) == panels["overdue"]["overdue"] == 2
    assert _listed(client, panels["assistance"]["link"]) == panels["assistance"]["total"]
    assert _listed(client, panels["below_line"]["link"]) == panels["below_line"]["below"] == 2
    statuses = dict(
        zip([s for s, _n in panels["cases"]["by_status"]], panels["cases"]["status_links"], strict=True)
    )
    assert _listed(client, statuses["纳入程序中"]) == 3
    risks = dict(zip([r for r, _n in panels["risks"]["by_risk"]], panels["risks"]["risk_links"], strict=True))
    assert _listed(client, risks["因病"]) == 3
    # The township row of the breakdown: its monitored cases and its households below the line.
    row = {r["name"]: r for r in panels["breakdown"]["rows"]}["栗子乡"]
    assert _listed(client, row["link"]) == row["monitored"] == 4
    assert _listed(client, row["below_link"]) == row["below"] == 1
    # A region outside the user's scope never widens the list.
    other = client_for(township_user)
    response = other.get(reverse("monitoring:list"), {"region": dataset["village_c"].code, "monitored": "on"})
    assert response.status_code == 200
    listed = list(response.context["page_obj"])
    assert listed and all(case.village.parent_id == dataset["township"].pk for case in listed)


def test_step_chart_counts_the_step_each_case_waits_for(dataset, county_user):
    cases = _panels(county_user)["cases"]
    # Step 1 holds only nominations returned by step 2 (a case exists once nominated).
    assert cases["step_labels"] == ["退回待重报", "入户核实", "村级评议", "乡镇联合审核", "县审定"]
    steps = cases["charts"]["steps"]
    assert {s["name"]: s["values"] for s in steps["series"]} == dict(cases["funnel"])
    assert "status=enrolling" in steps["series"][0]["links"][1] and "step=2" in steps["series"][0]["links"][1]


def test_breakdown_gives_assistance_rate_and_income_per_township(dataset, county_user):
    breakdown = _panels(county_user)["breakdown"]
    rows = {r["name"]: r for r in breakdown["rows"]}
    assert (rows["栗子乡"]["assisted"], rows["栗子乡"]["rate"]) == (2, Decimal("50.0"))
    assert (rows["江池镇"]["assisted"], rows["江池镇"]["rate"]) == (0, Decimal("0.0"))
    rate = breakdown["charts"]["rate"]
    assert rate["percent"] and dict(zip(rate["labels"], rate["series"][0]["values"], strict=True)) == {
        "栗子乡": 50.0,
        "江池镇": 0.0,
    }
    income = {
        s["name"]: dict(zip(breakdown["charts"]["income"]["labels"], s["values"], strict=True))
        for s in breakdown["charts"]["income"]["series"]
    }
    assert income == {
        "有收支记录户数": {"栗子乡": 2, "江池镇": 1},
        "人均纯收入低于监测范围户数": {"栗子乡": 1, "江池镇": 1},
    }


def test_chart_data_costs_no_query_and_panels_stay_flat(
    dataset, regions, make_case, county_user, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.dashboard import dashboard_charts

    scope = resolve_scope(county_user, None)
    with CaptureQueriesContext(connection) as first:
        panels = dashboard_data(scope, use_cache=False)
    with django_assert_num_queries(0):
        charts = dashboard_charts(panels)
    assert set(charts) == {"status", "steps", "risks", "rate", "income"}
    for village in ("village_a", "village_b", "village_c"):  # more rows, same queries
        for status in Case.Status.values:
            make_case(village, status, step=2, risks=["因病", "因残"], measures=["completed"])
    scope = resolve_scope(county_user, None)
    with django_assert_num_queries(len(first.captured_queries)):
        dashboard_data(scope, use_cache=False)


def test_dashboard_page_embeds_chart_data_without_inline_script(dataset, client_for, county_user):
    body = client_for(county_user).get(reverse("dashboard")).content.decode()
    assert '<script id="dashboard-charts" type="application/json">' in body
    assert "indicators/dashboard.js" in body
    for chart in ("status", "steps", "risks", "rate", "income"):
        assert f'data-chart="{chart}"' in body
    assert "1 村提名" not in body  # the column that was always 0
    assert "监测对象 = 监测中 + 风险消除程序中" in body
