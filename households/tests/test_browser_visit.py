import pytest

from conftest import browser_login
from households.models import Visit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_cadre_records_visit_on_phone(phone_page, cadre_a, make_household):
    household = make_household(cadre_a)
    browser_login(phone_page, "cadre_a")
    phone_page.goto(f"{phone_page.base_url}/households/")
    phone_page.click(f"text={household.number}")
    phone_page.click("text=记录走访")
    # Nothing sideways to scroll on a 360 px screen, and the toggles are thumb-sized.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.click("#all-secure")
    toggle = phone_page.locator("label[for=id_water_1]")
    assert toggle.bounding_box()["height"] >= 44
    toggle.click()
    phone_page.fill("input[name=water_note]", "水管冻裂，临时挑水")
    phone_page.click("button[type=submit]:has-text('保存走访')")
    phone_page.wait_for_url(f"**/households/{household.pk}/")
    assert "走访记录已保存" in phone_page.content()
    visit = Visit.objects.get()
    assert visit.water == "problem" and visit.water_note == "水管冻裂，临时挑水"
    assert visit.food_clothing == visit.housing == "secure" and visit.visitor == cadre_a
