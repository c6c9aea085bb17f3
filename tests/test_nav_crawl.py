"""Issue 17 item 6: every menu link of every demo role answers 200, in Chinese.

The demo users (accounts.demo) log in one after the other; each follows every item of its own
menu (common.navigation) plus the home page, and the visible text is checked for English UI words
(untranslated labels, raw field names, Django's "None")."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_USERS
from accounts.models import User
from common.navigation import items_for

# Whole words only, case-sensitive where case matters ("None" is Django's empty value).
ENGLISH = re.compile(
    r"\b(Member|Forbidden|Not Found|Server Error|Submit|None|True|False|note|visited_on|created_by|"
    r"Save|Cancel|Delete|Search|Next|Previous|Page|Name|Status|Error)\b"
)


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    return re.sub(r"(?s)<[^>]+>", " ", html)


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", households=40, stdout=open("/dev/null", "w"))


@pytest.mark.parametrize("username", [u[0] for u in DEMO_USERS] + ["admin"])
def test_every_nav_link_answers_200_in_chinese(demo, client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    urls = [reverse("home")] + [item["url"] for item in items_for(user)]
    for url in urls:
        response = client.get(url, follow=True)  # a menu item may lead on to the user's own page
        assert response.status_code == 200, f"{username} {url}: {response.status_code}"
        words = ENGLISH.findall(visible_text(response.content.decode()))
        assert not words, f"{username} {url}: English UI words {sorted(set(words))}"
