"""List endpoints run a fixed number of queries whatever the page size (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import seed_household

pytestmark = pytest.mark.django_db

LISTS = [
    "regions",
    "households",
    "members",
    "incomes",
    "visits",
    "cases",
    "measures",
    "clues",
    "reviews",
    "monitoring-lines",
]


@pytest.fixture
def many(regions, superuser):
    for i in range(12):
        seed_household(regions["village_a" if i % 2 else "village_b"], superuser, number=f"8{i:011d}")


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("resource", LISTS)
def test_query_count_does_not_grow_with_page_size(resource, api_for, county_user, many):
    client = api_for(county_user)
    client.get(f"/api/v1/{resource}/")  # warm the content-type and similar caches
    small, small_rows = count_queries(client, f"/api/v1/{resource}/", page_size=2)
    large, large_rows = count_queries(client, f"/api/v1/{resource}/", page_size=100)
    # One line and one review round per village exist here: those lists cannot grow past 2 rows.
    assert small_rows <= 2 and (large_rows > small_rows or resource in ("monitoring-lines", "reviews"))
    assert small == large


def test_household_list_stays_within_a_fixed_budget(
    api_for, county_user, many, django_assert_max_num_queries
):
    client = api_for(county_user)
    # token, assignments + regions, sync horizon, monitoring lines (below_line), page, flags, members
    with django_assert_max_num_queries(8):
        client.get("/api/v1/households/", {"page_size": 100})
