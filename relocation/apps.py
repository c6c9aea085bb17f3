from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


class RelocationConfig(AppConfig):
    name = "relocation"
    verbose_name = _("易地扶贫搬迁安置点")
    nav_items = [
        NavItem(
            _("安置点"),
            "relocation:site_list",
            ("village", "township", "county", "viewer"),
            order=37,
            group=NavGroup.ASSISTANCE,
        ),
    ]
