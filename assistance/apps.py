from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavGroup, NavItem


def is_contact(user) -> bool:
    from .models import Contact

    return Contact.objects.filter(user=user).exists()


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("帮扶措施")
    nav_items = [
        NavItem(
            _("帮扶措施"),
            "assistance:measure_list",
            ("village", "township", "county", "viewer"),
            order=30,
            group=NavGroup.ASSISTANCE,
        ),
        NavItem(
            _("住房安全问题台账"),
            "assistance:housing_list",
            ("village", "township", "county", "viewer"),
            order=31,
            group=NavGroup.ASSISTANCE,
        ),
        NavItem(
            _("参保核查"), "assistance:insurance", ("township", "county"), order=33, group=NavGroup.ASSISTANCE
        ),
        # Contacts are often cadres of county units, with or without a role here: the item
        # follows the assignment, not the role.
        NavItem(
            _("我的帮扶对象"),
            "assistance:my_cases",
            (),
            order=32,
            visible=lambda user: is_contact(user),
            group=NavGroup.ASSISTANCE,
        ),
    ]

    def ready(self):
        from common.media import register_private_file
        from households.models import Household
        from households.signals import visit_recorded
        from monitoring.exit_guards import add_assisted_exit_guard, add_exit_guard
        from monitoring.hooks import set_cases_without_contact

        from . import checks  # noqa: F401  (registers the rule checks)
        from .models import HousingPhoto
        from .rules import cases_without_contact, refuse_assisted_exit_without_measure
        from .services.housing import open_from_visit, refuse_exit_with_open_housing_problem

        add_assisted_exit_guard(refuse_assisted_exit_without_measure)
        set_cases_without_contact(cases_without_contact)
        # 三保障 (housing): open problems of the housing ledger block every exit.
        add_exit_guard(refuse_exit_with_open_housing_problem)
        visit_recorded.connect(open_from_visit, dispatch_uid="assistance.housing_open_from_visit")
        register_private_file(
            HousingPhoto,
            "file",
            lambda user: HousingPhoto.objects.filter(
                problem__household__in=Household.objects.visible_to(user)
            ),
        )
