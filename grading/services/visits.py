"""Escalating overdue visits to the township (beat, daily; idempotent)."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from common.notify import notify
from regions.models import Region

from ..models import HouseholdGrade
from ..policies import PolicyBook


@transaction.atomic
def visits_escalate(*, on: datetime.date | None = None) -> int:
    """Tell each township about the visits overdue more than ``visit_escalate_days`` days.

    Each overdue due date escalates once (``escalated_due``), so a second run sends nothing.
    Returns how many households were escalated.
    """
    on = on or timezone.localdate()
    book = PolicyBook()
    candidates = (
        HouseholdGrade.objects.overdue(on)
        .filter(Q(escalated_due__isnull=True) | ~Q(escalated_due=F("next_visit_due")))
        .values_list("pk", "next_visit_due", "household__village_id", "household__village__path")
    )
    by_village: dict[int, list[int]] = defaultdict(list)
    for pk, due, village_id, path in candidates:
        if (on - due).days > int(book.for_path(path)["visit_escalate_days"]):
            by_village[village_id].append(pk)
    for village_id, pks in by_village.items():
        village = Region.objects.get(pk=village_id)
        townships = list(
            User.objects.filter(
                is_active=True,
                role_assignments__role=Role.TOWNSHIP,
                role_assignments__regions__in=village.ancestors(),
            ).distinct()
        )
        notify(
            townships,
            kind="visit_overdue",
            message=_("%(village)s 有 %(n)d 户走访逾期，请督促。")
            % {"village": village.full_name, "n": len(pks)},
            link=reverse("grading:coverage") + f"?village={village_id}",
            dedupe_key=f"visit-overdue:{village_id}:{on.isoformat()}",
        )
        HouseholdGrade.objects.filter(pk__in=pks).update(escalated_due=F("next_visit_due"))
    return sum(len(p) for p in by_village.values())
