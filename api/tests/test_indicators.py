"""``/api/v1/indicators/``: the plans on the caller's line, each with indicators, actuals and
progress as the plan page shows them."""

import pytest

from indicators.loader import load_plans
from indicators.models import Actual, Indicator
from indicators.selectors import progress_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(regions):
    load_plans()


def test_county_user_lists_its_plans_but_not_a_sibling_county(api_for, county_user, plans):
    keys = {p["key"] for p in api_for(county_user).get("/api/v1/indicators/").json()["results"]}
    assert "fengdu-2021" in keys and "chongqing-2021" in keys
    assert not any(k.startswith("pengshui") for k in keys)
    assert api_for(county_user).get("/api/v1/indicators/pengshui-2021/").status_code == 404


def test_plan_shows_actuals_and_the_same_status_as_the_page(api_for, county_user, regions, plans):
    indicator = Indicator.objects.filter(plan__key="fengdu-2021").order_by("order").first()
    Actual.objects.create(indicator=indicator, region=regions["county"], year=2024, value=1, source="测试")
    body = api_for(county_user).get("/api/v1/indicators/fengdu-2021/").json()
    assert body["region"] == regions["county"].code
    rows = {r["indicator"]["id"]: r for r in body["rows"]}
    expected = {row.indicator.pk: row.status for row in progress_rows(indicator.plan, regions["county"])}
    assert {pk: r["status"] for pk, r in rows.items()} == expected
    assert [a["year"] for a in rows[indicator.pk]["actuals"]] == [2024]


def test_user_without_role_sees_no_plan(api_for, nobody, plans):
    assert api_for(nobody).get("/api/v1/indicators/").json()["results"] == []


def test_plans_filter_by_region_subtree_and_level(api_for, county_user, regions, plans):
    client = api_for(county_user)
    in_county = client.get("/api/v1/indicators/", {"region": regions["county"].code}).json()["results"]
    assert {p["key"] for p in in_county} == {"fengdu-2021"}  # the city's plan is above, not below
    cities = client.get("/api/v1/indicators/", {"level": "city"}).json()["results"]
    assert {p["key"] for p in cities} == {"chongqing-2021"}
    outside = client.get("/api/v1/indicators/", {"region": regions["other_county"].code})
    assert outside.status_code == 400 and "region" in outside.json()["errors"]


def test_retrieve_reads_region_as_the_actuals_region_not_as_a_filter(api_for, county_user, regions, plans):
    """The city plan lies above the township; ``region`` on retrieve picks whose actuals to show."""
    response = api_for(county_user).get(
        "/api/v1/indicators/chongqing-2021/", {"region": regions["county"].code}
    )
    assert response.status_code == 200 and response.json()["region"] == regions["county"].code


@pytest.mark.parametrize(("key", "marked"), [("chongqing-2021", 7), ("fengdu-2021", 4)])
def test_plan_carries_the_average_and_aligned_markers_the_page_shows(
    api_for, county_user, plans, key, marked
):
    """专栏1 marks 7 rows (* 规划期平均数, # 与全市一致), the Fengdu table 4: the API keeps them."""
    rows = api_for(county_user).get(f"/api/v1/indicators/{key}/").json()["rows"]
    flagged = [r for r in rows if r["indicator"]["flag_average"] or r["indicator"]["flag_aligned"]]
    assert len(flagged) == marked
    page_marks = Indicator.objects.filter(plan__key=key, flag_average=True).count()
    assert sum(r["indicator"]["flag_average"] for r in rows) == page_marks
