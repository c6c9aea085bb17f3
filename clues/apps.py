from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


class CluesConfig(AppConfig):
    name = "clues"
    verbose_name = _("预警线索与部门比对")
    nav_items = [
        NavItem(
            _("预警线索"), "clues:list", ("village", "township", "county"), order=40, group=NavGroup.DISCOVERY
        ),
        NavItem(_("部门数据"), "clues:uploads", ("department", "county"), order=45, group=NavGroup.DISCOVERY),
    ]

    def ready(self):
        from common.jobs import RETRY_PREPARE, register_sweeper
        from common.media import register_private_file, register_retained
        from households.signals import visit_recorded
        from monitoring.exit_guards import add_exit_guard
        from monitoring.signals import case_opened, quality_findings

        from .guards import refuse_exit_with_open_clues
        from .models import Application, DepartmentUpload
        from .receivers import join_clues_to_case, raise_clues_for_quality, raise_clues_for_visit
        from .uploads import upload_retry_prepare, uploads_sweep

        for field in ("file", "error_report"):
            register_private_file(DepartmentUpload, field, DepartmentUpload.objects.visible_to)
        register_retained(DepartmentUpload, ("file", "error_report"))

        RETRY_PREPARE["clues.match"] = upload_retry_prepare
        register_sweeper(uploads_sweep)

        register_private_file(Application, "photo", Application.objects.visible_to)

        visit_recorded.connect(raise_clues_for_visit, dispatch_uid="clues.raise_clues_for_visit")
        case_opened.connect(join_clues_to_case, dispatch_uid="clues.join_clues_to_case")
        quality_findings.connect(raise_clues_for_quality, dispatch_uid="clues.raise_clues_for_quality")
        add_exit_guard(refuse_exit_with_open_clues)

        from employment.signals import job_lost

        from .employment_receivers import raise_clue_for_lost_job

        job_lost.connect(raise_clue_for_lost_job, dispatch_uid="clues.raise_clue_for_lost_job")

        from common.home import add_home_work

        from .selectors import home_work

        add_home_work(home_work)
