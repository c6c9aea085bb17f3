from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("农户信息")
    nav_items = [
        NavItem(_("农户"), "households:list", ("village", "township", "county", "viewer"), order=10),
        NavItem(_("监测范围"), "households:lines", ("county",), order=80, group=NavGroup.SETTINGS),
        NavItem(
            _("脱贫村"), "households:former_poor_villages", ("county",), order=82, group=NavGroup.SETTINGS
        ),
    ]

    def ready(self) -> None:
        from common.media import register_private_file

        from .models import Household, VisitPhoto

        register_private_file(
            VisitPhoto,
            "file",
            lambda user: VisitPhoto.objects.filter(visit__household__in=Household.objects.visible_to(user)),
        )
