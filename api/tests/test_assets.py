"""``/api/v1/assets/``: scoped like the asset ledger pages, filtered, fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.tests.factories import make_asset


@pytest.fixture
def asset_a(regions):
    return make_asset(regions["village_a"], name="建龙村冷链保鲜库")


@pytest.fixture
def asset_c(regions):
    return make_asset(regions["village_c"], name="徐坪村光伏电站")


def test_assets_are_scoped_and_carry_their_funding(api_for, township_user, asset_a, asset_c):
    client = api_for(township_user)
    rows = client.get("/api/v1/assets/").json()["results"]
    assert [r["code"] for r in rows] == [asset_a.code]
    assert rows[0]["region_code"] == "500230201201"
    assert rows[0]["fundings"] == [{"source": "central", "amount": "100000.00"}]
    assert client.get(f"/api/v1/assets/{asset_c.pk}/").status_code == 404


def test_assets_filter_by_class_and_region(api_for, county_user, regions, asset_a, asset_c):
    public = make_asset(regions["village_b"], asset_class="public", kind="road", operating_mode="")
    client = api_for(county_user)
    codes = {r["code"] for r in client.get("/api/v1/assets/", {"asset_class": "public"}).json()["results"]}
    assert codes == {public.code}
    in_township = client.get("/api/v1/assets/", {"region": regions["township"].code}).json()["results"]
    assert {r["code"] for r in in_township} == {asset_a.code, public.code}


def test_user_without_role_sees_no_assets(api_for, nobody, asset_a):
    assert api_for(nobody).get("/api/v1/assets/").json()["results"] == []


def test_asset_list_query_count_does_not_grow(api_for, county_user, regions):
    for i in range(6):
        make_asset(regions["village_a" if i % 2 else "village_c"])
    client = api_for(county_user)

    def queries(size):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/assets/", {"page_size": size})
        assert response.status_code == 200
        return len(captured), len(response.json()["results"])

    small, large = queries(2), queries(100)
    assert small[1] == 2 and large[1] == 6
    assert small[0] == large[0]
