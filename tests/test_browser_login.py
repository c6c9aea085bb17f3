import pytest

from conftest import browser_login


@pytest.mark.browser
def test_cadre_logs_in_on_a_phone_and_sees_chinese_home(phone_page, cadre_a):
    browser_login(phone_page, "cadre_a")
    assert phone_page.locator("h1").inner_text().startswith("欢迎")
    assert "村级信息员" in phone_page.content()
    # The menu collapses behind the toggler on a 360 px screen and opens on tap.
    toggler = phone_page.locator(".navbar-toggler")
    assert toggler.is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page must not scroll sideways on a phone"


@pytest.mark.browser
def test_wrong_password_is_answered_in_chinese(phone_page, cadre_a):
    browser_login(phone_page, "cadre_a", password="wrong-password")
    assert "请输入一个正确的" in phone_page.content()
