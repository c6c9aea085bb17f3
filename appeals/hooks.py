"""The case page's appeal links (filled into ``monitoring.hooks`` at ready())."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import user_may

from .models import Appeal
from .selectors import appealable_decisions


def case_appeal_links(case: Any, user: Any) -> list[tuple[str, str]]:
    """登记申诉 for the village's cadres when a decision may be appealed; the case's appeals."""
    links = []
    if user_may(user, Role.VILLAGE, region=case.village) and appealable_decisions(case):
        links.append((_("登记申诉"), reverse("appeals:add", args=[case.pk])))
    count = Appeal.objects.filter(case=case).count()
    if count:
        links.append((_("申诉记录（%(n)s）") % {"n": count}, reverse("appeals:list") + f"?case={case.pk}"))
    return links
