import pytest

from clues.models import Clue
from clues.tests.test_views import make_clue
from conftest import browser_login


@pytest.mark.browser
def test_cadre_verifies_a_dispatched_clue_on_a_phone(phone_page, regions, county_user, cadre_a):
    clue = make_clue(regions["village_a"], county_user, Clue.Status.DISPATCHED)
    browser_login(phone_page, "cadre_a")
    phone_page.goto(phone_page.base_url + "/clues/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.click(f"a[href='/clues/{clue.pk}/']")
    phone_page.click("text=开始核验")
    phone_page.wait_for_load_state()
    assert "核验中" in phone_page.content()
    assert Clue.objects.get(pk=clue.pk).status == Clue.Status.VERIFYING
