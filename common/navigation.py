"""Navigation by role.

Each app declares ``nav_items`` on its AppConfig; the menu shows the items whose roles the user
holds (superusers see all). Apps own their entries, so no central list needs editing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: "StrOrPromise"
    url_name: str
    roles: tuple[str, ...]
    order: int = 50
    # For items that follow something other than a role (e.g. "I am a 帮扶责任人").
    visible: "Callable[[User], bool] | None" = None

    def shown_to(self, user: "User") -> bool:
        if self.visible is not None:
            return self.visible(user)
        return user.is_superuser or user.has_role(*self.roles)


def items_for(user: "User | AnonymousUser") -> list[dict[str, str]]:
    if not user.is_authenticated:
        return []
    found = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if item.shown_to(user):
                try:
                    found.append((item.order, str(item.label), reverse(item.url_name)))
                except NoReverseMatch:
                    continue
    return [{"label": label, "url": url} for _, label, url in sorted(found)]


def navigation(request: HttpRequest) -> dict[str, Any]:
    from .models import Notification

    user = request.user
    unread = Notification.objects.for_user(user).unread().count() if user.is_authenticated else 0
    return {"nav_items": items_for(user), "unread_notifications": unread}
