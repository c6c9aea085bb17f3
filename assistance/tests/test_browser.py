import pytest

from assistance.models import Measure
from conftest import browser_login


@pytest.mark.browser
def test_cadre_adds_a_suggested_measure_and_starts_it_on_a_phone(phone_page, make_case, cadre_a):
    case = make_case(risks=["因务工就业不稳"])
    browser_login(phone_page, "cadre_a")
    phone_page.goto(f"{phone_page.base_url}/assistance/cases/{case.pk}/")
    assert phone_page.locator("[data-rule]").count() == 1  # enrolled long ago, no measure yet
    phone_page.click("text=添加帮扶措施")
    phone_page.click("a[data-code=employment]")  # the suggestion pre-selects its category
    phone_page.fill("textarea[name=content]", "推荐到就业帮扶车间务工")
    phone_page.click("main button[type=submit]")
    phone_page.wait_for_load_state()
    assert phone_page.locator("#assistance-plan").get_by_text("就业帮扶").count() >= 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.click("#assistance-plan .list-group-item-action")
    phone_page.click("text=开始实施")
    phone_page.wait_for_load_state()
    measure = Measure.objects.get()
    assert (measure.category.code, measure.status) == ("employment", "implementing")
