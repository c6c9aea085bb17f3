import pytest

from assistance.models import Measure
from conftest import browser_login


@pytest.mark.browser
def test_cadre_adds_a_suggested_measure_and_starts_it_on_a_phone(phone_page, make_case, cadre_a):
    case = make_case(risks=["因务工就业不稳"])
    browser_login(phone_page, "cadre_a")
    phone_page.goto(f"{phone_page.base_url}/assistance/cases/{case.pk}/")
    # Enrolled long ago: no measure yet, and no 帮扶责任人 (SPEC 6).
    assert phone_page.locator("[data-rule]").count() == 2
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


@pytest.mark.browser
def test_measure_edit_page_saved_unchanged_keeps_its_dates(phone_page, make_case, cadre_a):
    import datetime

    from assistance import services
    from assistance.models import MeasureCategory

    measure = services.measure_create(
        case=make_case(risks=["因病"]),
        by=cadre_a,
        category=MeasureCategory.objects.get(code="health"),
        content="落实医疗救助",
        planned_start=datetime.date(2026, 3, 1),
        planned_end=datetime.date(2026, 10, 17),
    )
    browser_login(phone_page, "cadre_a")
    phone_page.goto(f"{phone_page.base_url}/assistance/measures/{measure.pk}/edit/")
    assert phone_page.input_value("input[name=planned_start]") == "2026-03-01"  # not shown empty
    phone_page.click("main button[type=submit]:has-text('保存')")
    phone_page.wait_for_url(f"**/assistance/measures/{measure.pk}/")
    measure.refresh_from_db()
    assert (measure.planned_start, measure.planned_end) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 10, 17),
    )
