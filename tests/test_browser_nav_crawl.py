"""Issue 17 item 6 in a real browser: every menu link of every demo role fits a 360 px phone (no
sideways scroll), and the menu of the busiest role stays one row on a 1280 px laptop."""

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import User
from common.navigation import items_for
from conftest import browser_login


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", households=30, stdout=open("/dev/null", "w"))


# The innermost element reaching past the screen's right edge, to name in the failure.
WIDEST = """() => {
  const over = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361 || e.scrollWidth > e.clientWidth + 1);
  const inner = over.filter(e => !over.some(o => o !== e && e.contains(o)));
  return inner.slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 30)).join(' | ');
}"""


def _device(page, username, width, height):
    context = page.context.browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    other = context.new_page()
    other.set_default_timeout(20000)
    other.base_url = page.base_url
    browser_login(other, username, password=DEMO_PASSWORD)
    return other


@pytest.mark.browser
def test_menus_fit_a_phone_and_a_laptop(phone_page, demo):
    wide = []
    for username in [u[0] for u in DEMO_USERS]:
        user = User.objects.get(username=username)
        page = _device(phone_page, username, 360, 740)
        for url in ["/"] + [item["url"] for item in items_for(user)]:
            page.goto(page.base_url + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                culprit = page.evaluate(WIDEST)
                wide.append(f"{username} {url}: {width}px ({culprit})")
        page.context.close()
    assert not wide, "pages wider than the phone: " + "; ".join(wide)

    # The busiest menus stay one row on a 1280 px laptop, and their groups open.
    for username in ("admin", "county"):
        page = _device(phone_page, username, 1280, 800)
        height = page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")
        assert height < 70, f"{username}: the menu wraps ({height}px high)"
        page.get_by_role("button", name="台账报表").click()
        assert page.locator(".dropdown-menu.show .dropdown-item").count() >= 2
        page.context.close()
