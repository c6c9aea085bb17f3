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


@pytest.mark.browser
def test_applicant_sends_the_public_form_on_a_phone(phone_page, regions, cadre_a):
    from clues.applications import intake_for
    from clues.models import Application

    token = intake_for(village=regions["village_a"], by=cadre_a).token
    phone_page.goto(phone_page.base_url + f"/clues/apply/{token}/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.fill("input[name=name]", "张三")
    phone_page.fill("input[name=phone]", "13800001234")
    phone_page.fill("textarea[name=description]", "房子漏雨")
    phone_page.click("button[type=submit]")
    phone_page.wait_for_load_state()
    assert "已收到您的申报" in phone_page.content()
    assert Application.objects.get().status == Application.Status.PENDING


@pytest.mark.browser
def test_cadre_prints_the_qr_poster_on_a_phone(phone_page, regions, cadre_a):
    browser_login(phone_page, "cadre_a")
    phone_page.goto(phone_page.base_url + "/clues/")
    phone_page.click("text=建龙村申报二维码")
    phone_page.wait_for_load_state()
    assert phone_page.locator("svg").count() >= 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
