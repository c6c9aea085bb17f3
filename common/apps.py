from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .navigation import NavGroup, NavItem


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("公共")
    nav_items = [NavItem(_("政策参数"), "policies:index", ("county",), order=90, group=NavGroup.SETTINGS)]

    def ready(self) -> None:
        from .media import register_private_file, register_retained
        from .models import Job

        register_private_file(Job, "result", Job.objects.visible_to)
        # Exported ledgers hold personal data: kept for the same period as uploaded files.
        register_retained(Job, ("result",))
