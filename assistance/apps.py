from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavItem


def is_contact(user) -> bool:
    from .models import Contact

    return Contact.objects.filter(user=user).exists()


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("帮扶措施")
    nav_items = [
        NavItem(
            _("帮扶措施"), "assistance:measure_list", ("village", "township", "county", "viewer"), order=30
        ),
        # Contacts are often cadres of county units, with or without a role here: the item
        # follows the assignment, not the role.
        NavItem(
            _("我的帮扶对象"), "assistance:my_cases", (), order=32, visible=lambda user: is_contact(user)
        ),
    ]

    def ready(self):
        from monitoring.exit_guards import add_assisted_exit_guard
        from monitoring.hooks import set_cases_without_contact

        from . import checks  # noqa: F401  (registers the rule checks)
        from .rules import cases_without_contact, refuse_assisted_exit_without_measure

        add_assisted_exit_guard(refuse_assisted_exit_without_measure)
        set_cases_without_contact(cases_without_contact)
