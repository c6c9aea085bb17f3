"""The pages under the Content-Security-Policy in a real browser: nothing is refused, and the
behaviour moved out of inline handlers (confirmations, the member formset, charts) still works."""

import pytest

from conftest import browser_login
from households.models import Member
from households.tests.factories import HouseholdFactory, MemberFactory
from indicators.loader import load_plans


def _watch_csp(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


@pytest.mark.browser
def test_cadre_pages_run_under_the_csp(phone_page, cadre_a, regions):
    household = HouseholdFactory(village=regions["village_a"])
    MemberFactory(household=household)
    spouse = MemberFactory(household=household, relationship="配偶", sex="女")
    problems = _watch_csp(phone_page)
    browser_login(phone_page, "cadre_a")
    response = phone_page.goto(phone_page.base_url + f"/households/{household.pk}/edit/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    total = phone_page.locator("#id_members-TOTAL_FORMS")
    before = int(total.input_value())
    phone_page.click("#add-member")
    assert int(total.input_value()) == before + 1  # static/js/household_forms.js

    # data-confirm: dismissing the question keeps the member; accepting removes them.
    phone_page.goto(phone_page.base_url + f"/households/{household.pk}/")
    form = phone_page.locator(f"form[action$='/members/{spouse.pk}/remove/']")
    form.locator("xpath=ancestor::details/summary").click()
    form.locator("input[name=on]").fill("2026-01-10")
    phone_page.once("dialog", lambda dialog: dialog.dismiss())
    form.locator("button[type=submit]").click()
    phone_page.wait_for_timeout(500)
    assert Member.objects.get(pk=spouse.pk).removed_on is None
    phone_page.once("dialog", lambda dialog: dialog.accept())
    with phone_page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert Member.objects.get(pk=spouse.pk).removed_on is not None
    assert problems == []


@pytest.mark.browser
def test_county_dashboard_and_charts_run_under_the_csp(phone_page, county_user, regions):
    load_plans()
    problems = _watch_csp(phone_page)
    browser_login(phone_page, "county_user")
    phone_page.goto(phone_page.base_url + "/")
    assert "县级审定" in phone_page.content()
    phone_page.goto(phone_page.base_url + "/indicators/fengdu-2021/")
    phone_page.wait_for_selector(".indicator-chart canvas")  # ECharts drew under the CSP
    assert problems == []
