"""One rule for "below the line" (issue 16, item 5): a current-year income record (the year-end
收入采集, or a 预估 while the year runs) counts at once, the same way on the list, the page, the
dashboard and the API."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from households.models import Household, MonitoringLine
from households.selectors import income_status
from households.services import income_record

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def current_year_only(regions, cadre_a, make_household):
    MonitoringLine.objects.create(
        year=TODAY.year, region=regions["city"], amount=Decimal(7000), basis="测试", effective_date=TODAY
    )
    household = make_household(cadre_a)  # two members
    record = income_record(household=household, by=cadre_a, year=TODAY.year, amounts={"wage": "8000"})
    assert record.period_end > TODAY or record.period_end == datetime.date(TODAY.year, 12, 31)
    return household


def test_current_year_record_counts_on_the_page_and_in_the_list_filter_alike(
    client_for, cadre_a, current_year_only
):
    household = current_year_only
    status = income_status(household)
    assert status.record is not None and status.below_line
    assert list(Household.objects.below_line()) == [household]
    client = client_for(cadre_a)
    listed = client.get(reverse("households:list"), {"below": "on"}).content.decode()
    assert household.number in listed
    page = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "人均纯收入低于监测范围" in page
    assert "预估" in page  # the year is not over: the figure is an estimate


def test_current_year_record_counts_on_the_dashboard(current_year_only, county_user):
    from indicators.dashboard import dashboard_data, resolve_scope
    from indicators.services import snapshot_refresh

    snapshot_refresh()
    panels = {
        p["template"].rsplit("/", 1)[-1][:-5]: p for p in dashboard_data(resolve_scope(county_user, None))
    }
    assert (panels["below_line"]["below"], panels["below_line"]["with_income"]) == (1, 1)


def test_a_record_outside_the_window_counts_nowhere(regions, cadre_a, make_household):
    old_year = TODAY.year - 3
    MonitoringLine.objects.create(
        year=old_year, region=regions["city"], amount=Decimal(7000), basis="测试", effective_date=TODAY
    )
    household = make_household(cadre_a)
    income_record(household=household, by=cadre_a, year=old_year, amounts={"wage": "8000"})
    assert not income_status(household).below_line
    assert not Household.objects.below_line().exists()
