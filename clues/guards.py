"""What clues answers when monitoring asks (registered in ``CluesConfig.ready``)."""

from typing import Any

from django.utils.translation import gettext as _

from .models import Clue


def refuse_exit_with_open_clues(case: Any) -> str | None:
    """Exit guard (``monitoring.exit_guards``): an open clue of the household is a risk signal not
    yet followed up, so the household cannot be marked eliminated until it is confirmed or excluded."""
    clues = Clue.objects.filter(household_id=case.household_id, status__in=Clue.OPEN_STATUSES).order_by(
        "found_on", "pk"
    )
    names = [
        f"{c.get_risk_type_display()}（{c.get_source_display()}，{c.found_on:%Y-%m-%d}，{c.get_status_display()}）"
        for c in clues
    ]
    if not names:
        return None
    return _("该户有未办结的预警线索：%(list)s。") % {"list": "、".join(names)}
