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


def test_household_below_the_line_by_a_current_year_record_agrees_with_the_page_rule(
    api_for, cadre_a, regions
):
    """The API reads "below the line" from the same selector as the list and page (issue 16)."""
    import datetime
    from decimal import Decimal

    from households.models import MonitoringLine
    from households.selectors import income_status
    from households.services import income_record

    today = datetime.date.today()
    MonitoringLine.objects.create(
        year=today.year, region=regions["city"], amount=Decimal(7000), basis="测试", effective_date=today
    )
    client = api_for(cadre_a)
    created = client.post("/api/v1/households/", new_household(regions["village_a"]), format="json").json()
    household = Household.objects.get(pk=created["id"])
    income_record(household=household, by=cadre_a, year=today.year, amounts={"wage": "5000"})
    assert income_status(household).below_line
    listed = client.get("/api/v1/households/", {"below": "true"}).json()["results"]
    assert [h["id"] for h in listed] == [household.pk] and listed[0]["below_line"] is True
    incomes = client.get("/api/v1/incomes/", {"household": household.pk}).json()["results"]
    assert incomes[0]["estimated"] is (incomes[0]["period_end"] > today.isoformat())
