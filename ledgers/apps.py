from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("台账与导入")
    nav_items = [
        NavItem(
            _("台账"),
            "ledgers:index",
            ("village", "township", "county", "viewer"),
            order=80,
            group=NavGroup.LEDGERS,
        ),
        NavItem(
            _("导入"), "ledgers:imports", ("village", "township", "county"), order=81, group=NavGroup.LEDGERS
        ),
    ]

    def ready(self):
        from common.jobs import register_sweeper
        from common.media import register_private_file, register_retained

        from .models import ImportRun

        for field in ("file", "errors_file"):
            register_private_file(ImportRun, field, ImportRun.objects.visible_to)
        register_retained(ImportRun, ("file", "errors_file", "plan"))

        from . import definitions  # noqa: F401  (registers the ledgers)
        from .import_services import imports_sweep

        register_sweeper(imports_sweep)
