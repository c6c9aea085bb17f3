"""Issue 17's journeys, in a real browser: a village cadre on a 360 × 740 phone, then the township
and the county on a laptop. Selectors are labels, roles and visible text, not layout classes.

The nomination starts from the visit just recorded, participants separated by 、 count one
each, and the cadre is notified of the county's decision (issue 17 items 2, 3 and 5).
"""

import pytest

from conftest import browser_login
from monitoring.models import Case

from .conftest import TODAY, end_notice, household_in

PDF = {"name": "承诺授权书.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 signed"}


def device(page, username, *, width=1280, height=800):
    """A fresh browser context (one person, one device) signed in as ``username``."""
    context = page.context.browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    other = context.new_page()
    other.set_default_timeout(15000)
    other.base_url = page.base_url
    browser_login(other, username)
    return other


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_cadre_day_then_township_and_county_approve(phone_page, regions, cadre_a, township_user, county_user):
    household = household_in(regions["village_a"])
    village = device(phone_page, "cadre_a", width=360, height=740)

    # Record a visit: everything secure, a new illness found.
    village.goto(f"{village.base_url}/households/{household.pk}/")
    village.get_by_role("link", name="记录走访").click()
    no_sideways_scroll(village)
    village.click("#all-secure")
    village.get_by_text("新发现风险、照片").click()
    village.get_by_label("因病").check()
    village.get_by_role("button", name="保存走访").click()
    village.wait_for_url(f"**/households/{household.pk}/")
    assert "走访记录已保存" in village.content()

    # Nominate from the household page, right after the visit.
    village.get_by_role("link", name="提名为监测对象").click()
    no_sideways_scroll(village)
    # The nomination starts from the visit: its risk, date and channel, a proposed category.
    assert village.get_by_label("因病").is_checked()
    assert village.get_by_label("发现方式").input_value() == "干部走访排查"
    assert village.get_by_label("监测对象类型").input_value() == "边缘易致贫户"
    village.get_by_label("情况说明").fill("走访发现户主住院，自付费用高")
    village.get_by_role("button", name="提名", exact=True).click()
    village.get_by_role("button", name="核实通过").wait_for()
    case = Case.objects.get(household=household)
    assert (case.status, case.step) == (Case.Status.ENROLLING, 2)

    # 入户核实 without the signed authorisation: refused, the opinion typed is kept.
    village.get_by_label("核实情况").fill("入户核实属实，住院发票已查看")
    village.get_by_role("button", name="核实通过").click()
    village.get_by_text(
        "请上传农户签字的承诺授权书。", exact=True
    ).wait_for()  # on the field (and in the summary)
    assert village.get_by_label("核实情况").input_value() == "入户核实属实，住院发票已查看"
    no_sideways_scroll(village)
    village.get_by_label("承诺授权书").set_input_files(files=[PDF])
    village.get_by_role("button", name="核实通过").click()
    village.get_by_role("button", name="评议通过并公示").wait_for()
    assert Case.objects.get(pk=case.pk).step == 3

    # 村级评议 with participants separated by 、.
    village.get_by_label("评议日期").fill(TODAY.isoformat())
    village.get_by_label("参会人员").fill("村支书、村主任、驻村第一书记")
    village.get_by_label("赞成票").fill("3")
    village.get_by_label("会议记录").fill("一致同意纳入监测")
    village.get_by_role("button", name="评议通过并公示").click()
    village.get_by_text("村级评议已记录").wait_for()  # three people, three votes
    case.refresh_from_db()
    assert case.step == 4
    no_sideways_scroll(village)
    end_notice(case)  # the public notice has run its days

    # The township finds the case in its queue and gives its opinion.
    township = device(phone_page, "township_user")
    township.goto(f"{township.base_url}/cases/queue/")
    # (The queue's order by days left is tested in test_pages.)
    township.get_by_role("link", name=household.head_name).click()
    township.get_by_label("审核科室").fill("乡村振兴办")
    township.get_by_label("审核意见").fill("乡镇联合审核同意")
    township.get_by_role("button", name="提交审核意见").click()
    township.get_by_text("审核意见已记录").wait_for()

    # The county finds it in its queue and approves.
    county = device(phone_page, "county_user")
    county.goto(f"{county.base_url}/cases/queue/")
    county.get_by_role("link", name=household.head_name).click()
    county.get_by_role("button", name="审定通过").click()
    county.get_by_text("县级审定已完成").wait_for()
    case.refresh_from_db()
    assert case.status == Case.Status.MONITORED

    # The cadre sees the result.
    # The cadre is notified (unread count in the menu) and reads the result on the case page.
    village.goto(f"{village.base_url}/cases/{case.pk}/")
    assert village.locator("#unread-count").count() == 1
    assert "监测中" in village.inner_text("#case-status")
    no_sideways_scroll(village)
