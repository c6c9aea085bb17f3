from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


class MicrocreditConfig(AppConfig):
    name = "microcredit"
    verbose_name = _("小额信贷")
    nav_items = [
        NavItem(
            _("小额信贷"),
            "microcredit:loan_list",
            ("village", "township", "county", "viewer"),
            order=36,
            group=NavGroup.ASSISTANCE,
        ),
    ]

    def ready(self) -> None:
        from common.home import add_home_counter

        from .home import loan_counters

        add_home_counter(loan_counters)
