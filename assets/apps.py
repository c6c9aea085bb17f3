from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("扶贫项目资产")
    # Role codes as strings: accounts.models cannot be imported before the app registry is ready.
    nav_items = [
        NavItem(
            _("资产台账"),
            "assets:ledger",
            ("village", "township", "county", "viewer"),
            60,
            group=NavGroup.LEDGERS,
        )
    ]

    def ready(self) -> None:
        from common.home import add_home_counter

        from .home import fund_counters

        add_home_counter(fund_counters)
