"""The role homes' work lists that apps beside the home page contribute (clues, for one).

The home page lives in ``indicators``; sibling apps may not import each other, so an app registers
a provider here at ``ready()`` and the home page asks them all: ``provider(user) -> dict``.
"""

from collections.abc import Callable
from typing import Any

from accounts.models import User

HomeProvider = Callable[[User], dict[str, Any]]

_providers: list[HomeProvider] = []


def add_home_work(provider: HomeProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def home_work_of_apps(user: User) -> dict[str, Any]:
    work: dict[str, Any] = {}
    for provider in _providers:
        work.update(provider(user))
    return work


# -- counters: "N things of this kind wait for you" with a link (programmes beside the case work) --

HomeCounter = Callable[[User], list[tuple[str, int, str]]]  # (label, count, url)

_counters: list[HomeCounter] = []


def add_home_counter(provider: HomeCounter) -> None:
    """An app's own waiting work on the home page as one line each: label, count and its list."""
    if provider not in _counters:
        _counters.append(provider)


def home_counters(user: User) -> list[dict[str, Any]]:
    """Every registered counter with something waiting (count > 0), in registration order."""
    found = []
    for provider in _counters:
        for label, count, url in provider(user):
            if count:
                found.append({"label": label, "count": count, "url": url})
    return found
