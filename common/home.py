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
