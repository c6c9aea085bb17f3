from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


class EmploymentConfig(AppConfig):
    name = "employment"
    verbose_name = _("就业帮扶与公益岗位")
    nav_items = [
        NavItem(
            _("就业帮扶台账"),
            "employment:records",
            ("village", "township", "county", "viewer"),
            order=34,
            group=NavGroup.ASSISTANCE,
        ),
        NavItem(
            _("公益岗位"),
            "employment:posts",
            ("village", "township", "county", "viewer"),
            order=35,
            group=NavGroup.ASSISTANCE,
        ),
    ]

    def ready(self) -> None:
        from common.home import add_home_counter

        from .home import employment_counters

        add_home_counter(employment_counters)
