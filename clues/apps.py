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
        from common.jobs import RETRY_PREPARE, register_sweeper
        from common.media import register_private_file, register_retained
        from households.signals import visit_recorded

        from .models import DepartmentUpload
        from .receivers import raise_clues_for_visit
        from .uploads import upload_retry_prepare, uploads_sweep

        for field in ("file", "error_report"):
            register_private_file(DepartmentUpload, field, DepartmentUpload.objects.visible_to)
        register_retained(DepartmentUpload, ("file", "error_report"))

        RETRY_PREPARE["clues.match"] = upload_retry_prepare
        register_sweeper(uploads_sweep)

        visit_recorded.connect(raise_clues_for_visit, dispatch_uid="clues.raise_clues_for_visit")

        from common.home import add_home_work

        from .selectors import home_work

        add_home_work(home_work)
