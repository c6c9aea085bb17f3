from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavItem


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("帮扶措施")
    nav_items = [
        NavItem(
            _("帮扶措施"), "assistance:measure_list", ("village", "township", "county", "viewer"), order=30
        ),
        # Contacts are often cadres of county units holding any role; a contact without any role
        # reaches the page from the link in their notification or the home page (see README).
        NavItem(
            _("我的帮扶对象"),
            "assistance:my_cases",
            ("village", "township", "county", "department", "viewer"),
            order=32,
        ),
    ]

    def ready(self):
        from . import checks  # noqa: F401  (registers the rule checks)
