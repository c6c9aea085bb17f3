from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem

WORK = ("village", "township", "county")


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("监测对象")
    nav_items = [
        NavItem(_("待办"), "monitoring:queue", WORK, order=10),
        NavItem(_("监测对象"), "monitoring:list", ("village", "township", "county", "viewer"), order=20),
        NavItem(_("季度研判"), "monitoring:reviews", WORK, order=30),
        NavItem(
            _("数据质量"), "monitoring:quality", ("township", "county"), order=80, group=NavGroup.DISCOVERY
        ),
    ]

    def ready(self) -> None:
        from common.media import register_private_file
        from households import hooks

        from . import checks  # noqa: F401 - registers the SPEC 4 data-quality checks
        from .models import Case, StepAttachment
        from .selectors import household_page_context, monitored_cases_of_outer_household

        register_private_file(
            StepAttachment,
            "file",
            lambda user: StepAttachment.objects.filter(step__case__in=Case.objects.visible_to(user)),
        )
        hooks.set_monitored_cases(monitored_cases_of_outer_household)
        hooks.add_detail_context(household_page_context)
