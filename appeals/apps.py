from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from common.navigation import NavItem


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = _("申诉复核")
    nav_items = [
        NavItem(_("申诉复核"), "appeals:list", ("village", "township", "county", "viewer"), order=25),
    ]

    def ready(self):
        from common.home import add_home_work
        from common.media import register_private_file
        from monitoring.hooks import add_case_link

        from .hooks import case_appeal_links
        from .models import Appeal, AppealAttachment
        from .selectors import home_work

        register_private_file(
            AppealAttachment,
            "file",
            lambda user: AppealAttachment.objects.filter(appeal__in=Appeal.objects.visible_to(user)),
        )
        add_case_link(case_appeal_links)
        add_home_work(home_work)
