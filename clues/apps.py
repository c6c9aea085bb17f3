from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavItem


class CluesConfig(AppConfig):
    name = "clues"
    verbose_name = _("预警线索与部门比对")
    nav_items = [
        NavItem(_("预警线索"), "clues:list", ("village", "township", "county"), order=40),
        NavItem(_("部门数据"), "clues:uploads", ("department", "county"), order=45),
    ]

    def ready(self):
        from households.signals import visit_recorded

        from .receivers import raise_clues_for_visit

        visit_recorded.connect(raise_clues_for_visit, dispatch_uid="clues.raise_clues_for_visit")
