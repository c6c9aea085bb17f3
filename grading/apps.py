from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


class GradingConfig(AppConfig):
    name = "grading"
    verbose_name = _("风险分级与走访")
    nav_items = [
        NavItem(_("待走访"), "grading:visits", ("village",), order=15),
        NavItem(
            _("走访覆盖"),
            "grading:coverage",
            ("village", "township", "county"),
            order=85,
            group=NavGroup.DISCOVERY,
        ),
        NavItem(_("走访计划"), "grading:plan", ("township", "county"), order=86, group=NavGroup.DISCOVERY),
        NavItem(_("区域预警"), "grading:alerts", ("township", "county"), order=41, group=NavGroup.DISCOVERY),
    ]

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from clues.models import Clue
        from households import hooks
        from households.models import IncomeRecord, Member
        from households.signals import visit_recorded

        from . import checks  # noqa: F401 - registers the overdue-visit data-quality check
        from .receivers import on_household_row, on_visit
        from .selectors import household_page_context

        visit_recorded.connect(on_visit, dispatch_uid="grading-visit")
        for model in (IncomeRecord, Member, Clue):
            post_save.connect(on_household_row, sender=model, dispatch_uid=f"grading-{model.__name__}")
        hooks.add_detail_context(household_page_context)

        from common.dashboard import add_dashboard_panel
        from common.home import add_home_work

        from .dashboard import grades_panel, open_alerts_panel, visits_overdue_panel
        from .home import home_visits_due

        for panel in (visits_overdue_panel, open_alerts_panel, grades_panel):
            add_dashboard_panel(panel)
        add_home_work(home_visits_due)
