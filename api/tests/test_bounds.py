"""Numbers entering through the API keep the bounds of the model fields (issue 16, item 5)."""

import pytest

from households.models import Household

from .test_writes import member, new_household

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [("months_worked", 13), ("welfare_post_months", 10**12), ("months_worked", -1)],
)
def test_member_numbers_out_of_bounds_are_a_400(api_for, cadre_a, regions, field, value):
    payload = new_household(regions["village_a"], members=[member(**{field: value})])
    response = api_for(cadre_a).post("/api/v1/households/", payload, format="json")
    assert response.status_code == 400, response.content
    assert f"members.0.{field}" in response.json()["errors"]
    assert not Household.objects.exists()


def test_twelve_months_is_accepted(api_for, cadre_a, regions):
    payload = new_household(regions["village_a"], members=[member(months_worked=12, welfare_post_months=12)])
    assert api_for(cadre_a).post("/api/v1/households/", payload, format="json").status_code == 201
