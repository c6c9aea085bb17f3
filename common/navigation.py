"""Navigation by role.

Each app declares ``nav_items`` on its AppConfig; the menu shows the items whose roles the user
holds (superusers see all). Apps own their entries, so no central list needs editing.

A county user holds some twenty entries: in one row they wrapped at 1280 px. An item names the
menu it belongs in (:class:`NavGroup`); the bar shows the ungrouped items (the day's work) and one
drop-down per group, and a group holding a single item shows that item itself.
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


class NavGroup:
    """The drop-down menus of the bar, in their order; labels in one place."""

    ASSISTANCE = "assistance"
    DISCOVERY = "discovery"
    LEDGERS = "ledgers"
    SETTINGS = "settings"

    ORDER = (ASSISTANCE, DISCOVERY, LEDGERS, SETTINGS)

    @staticmethod
    def label(key: str) -> "StrOrPromise":
        from django.utils.translation import gettext_lazy as _

        return {
            NavGroup.ASSISTANCE: _("帮扶"),
            NavGroup.DISCOVERY: _("排查预警"),
            NavGroup.LEDGERS: _("台账报表"),
            NavGroup.SETTINGS: _("设置"),
        }[key]


@dataclass(frozen=True)
class NavItem:
    label: "StrOrPromise"
    url_name: str
    roles: tuple[str, ...]
    order: int = 50
    # For items that follow something other than a role (e.g. "I am a 帮扶责任人").
    visible: "Callable[[User], bool] | None" = None
    group: str = ""  # a NavGroup key; "" = on the bar itself

    def shown_to(self, user: "User") -> bool:
        if self.visible is not None:
            return self.visible(user)
        return user.is_superuser or user.has_role(*self.roles)


def items_for(user: "User | AnonymousUser") -> list[dict[str, str]]:
    """Every menu entry of ``user``, flat, in order (label, url, group)."""
    if not user.is_authenticated:
        return []
    found = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if item.shown_to(user):
                try:
                    found.append((item.order, str(item.label), reverse(item.url_name), item.group))
                except NoReverseMatch:
                    continue
    return [{"label": label, "url": url, "group": group} for _, label, url, group in sorted(found)]


def menu_for(user: "User | AnonymousUser") -> list[dict[str, Any]]:
    """The bar: ungrouped entries, then one drop-down (``children``) per group in NavGroup.ORDER."""
    items = items_for(user)
    menu: list[dict[str, Any]] = [item for item in items if not item["group"]]
    for key in NavGroup.ORDER:
        children = [item for item in items if item["group"] == key]
        if len(children) == 1:
            menu.append(children[0])
        elif children:
            menu.append({"label": str(NavGroup.label(key)), "key": key, "children": children})
    return menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    from .models import Notification

    user = request.user
    unread = Notification.objects.for_user(user).unread().count() if user.is_authenticated else 0
    return {"nav_items": menu_for(user), "unread_notifications": unread}
