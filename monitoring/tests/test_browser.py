import pytest

from conftest import browser_login
from monitoring.models import Case

from .conftest import TODAY, end_notice, household_in


def as_user(phone_page, username):
    """A fresh phone-sized browser context signed in as ``username`` (one person per device)."""
    context = phone_page.context.browser.new_context(
        viewport={"width": 360, "height": 780}, locale="zh-CN", is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = phone_page.base_url
    browser_login(page, username)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_case_goes_through_five_steps_with_three_users(
    phone_page, regions, cadre_a, township_user, county_user
):
    household = household_in(regions["village_a"])
    village = phone_page
    browser_login(village, "cadre_a")
    village.goto(f"{village.base_url}/cases/nominate/{household.pk}/")
    village.select_option("select[name=category]", "边缘易致贫户")
    village.check("input[name=risk_types][value=因病]")
    village.select_option("select[name=channel]", "干部走访排查")
    village.fill("input[name=found_on]", TODAY.isoformat())
    village.fill("textarea[name=evidence]", "住院自付费用高")
    village.click("button[type=submit]:has-text('提名')")
    village.wait_for_selector("#do-verify")
    case = Case.objects.get(household=household)
    assert village.evaluate("document.documentElement.scrollWidth") <= 360

    village.fill("#id_opinion", "入户核实属实")
    village.set_input_files(
        "#id_authorisation",
        files=[{"name": "承诺授权书.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}],
    )
    village.click("#do-verify")
    village.wait_for_selector("#do-deliberate")
    village.fill("#id_meeting_date", TODAY.isoformat())
    village.fill("#id_participants", "村支书,村主任,驻村第一书记")
    village.fill("#id_votes_for", "3")
    village.fill("#id_minutes", "一致同意纳入")
    village.click("#do-deliberate")
    village.wait_for_selector("text=村级评议已记录")
    assert Case.objects.get(pk=case.pk).step == 4
    end_notice(case)  # the notice of N days has run

    township = as_user(phone_page, "township_user")
    township.goto(f"{township.base_url}/cases/queue/")
    township.click(f"a[href='/cases/{case.pk}/']")
    township.fill("#id_office", "民政办")
    township.fill("#id_opinion", "乡镇联合审核同意")
    township.click("#do-review")
    township.wait_for_selector("text=审核意见已记录")

    county = as_user(phone_page, "county_user")
    county.goto(f"{county.base_url}/cases/{case.pk}/")
    county.click("#do-decide")
    county.wait_for_selector("text=县级审定已完成")
    assert "监测中" in county.inner_text("#case-status")
    case.refresh_from_db()
    assert (case.status, case.enrolled_on) == (Case.Status.MONITORED, TODAY)
    assert list(case.steps.values_list("by__username", flat=True)) == ["cadre_a"] * 3 + [
        "township_user",
        "county_user",
    ]
