"""The dashboard's and the plan page's ECharts charts draw in a real browser, without a console
error (CSP included: the data comes through json_script, the drawing from static files)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import browser_login
from households.models import IncomeRecord, MonitoringLine
from households.services.income import refresh_latest_income
from indicators.services import snapshot_refresh
from monitoring.models import Case


def laptop(page, username):
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    other = context.new_page()
    other.set_default_timeout(15000)
    other.base_url = page.base_url
    errors = []
    other.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    other.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_login(other, username)
    return other, errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_charts_render_and_open_lists(phone_page, regions, make_case, county_user):
    today = timezone.localdate()
    sick = make_case("village_a", Case.Status.MONITORED, risks=["因病"], measures=["completed"])
    make_case("village_b", Case.Status.ENROLLING, step=2, risks=["因学"])
    make_case("village_c", Case.Status.EXITING, step=4, risks=["因残"])
    MonitoringLine.objects.create(
        year=today.year, region=regions["city"], amount=Decimal(6000), basis="test",
        effective_date=today.replace(month=1, day=1),
    )  # fmt: skip
    IncomeRecord.objects.create(
        household=sick.household, year=today.year, period_start=today - datetime.timedelta(365),
        period_end=today - datetime.timedelta(10), wage=Decimal(8000), members=2,
    )  # fmt: skip
    refresh_latest_income(sick.household)
    snapshot_refresh()

    page, errors = laptop(phone_page, "county_user")
    page.goto(f"{page.base_url}/dashboard/")  # a county user's home is its queue; the dashboard one tap away
    charts = page.locator(".dashboard-chart")
    assert charts.count() == 6  # status, steps, risks, 帮扶率, income and risk grades per township
    for i in range(charts.count()):
        charts.nth(i).locator("canvas").wait_for()
    assert errors == []

    # A tile opens its filtered list.
    page.get_by_role("link", name="超期未办结").click()
    page.wait_for_url("**/cases/?*overdue=on*")
    assert page.get_by_role("heading", name="监测对象").is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_charts_render_with_capped_percent_axis(phone_page, plans, county_user):
    page, errors = laptop(phone_page, "county_user")
    plan = plans["fengdu-2021"]  # units "%" and values printed "95%" with no unit
    page.goto(f"{page.base_url}/indicators/{plan.key}/")
    charts = page.locator(".indicator-chart")
    assert charts.count() > 0
    charts.first.locator("canvas").wait_for()
    # Every percentage axis whose values stay within 100 ends at 100 at most.
    axes = page.evaluate(
        """() => {
          const data = JSON.parse(document.getElementById('indicator-charts').textContent);
          return Array.from(document.querySelectorAll('.indicator-chart')).map(el => {
            const c = data[el.dataset.chart];
            const values = c.path.concat(c.actuals).map(p => p[1]);
            const top = echarts.getInstanceByDom(el).getModel().getComponent('yAxis').axis.scale.getExtent()[1];
            return [c.percent, Math.max(...values), top];
          });
        }"""
    )
    percent = [(top, largest) for is_percent, largest, top in axes if is_percent and largest <= 100]
    assert percent and all(top <= 100 for top, _largest in percent)
    assert errors == []
