from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("规划指标")
    nav_items = [
        NavItem(
            _("指标"), "indicators:index", ("county", "township", "viewer"), order=70, group=NavGroup.LEDGERS
        )
    ]
