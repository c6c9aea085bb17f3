"""Running the data-quality registry: on demand for a page, nightly for per-village figures."""

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from common.quality import REGISTRY

from .checks import HOUSEHOLD_FIELD, VILLAGE_FIELD
from .quality_models import QualityCount
from .signals import quality_findings

SAMPLE = 50  # findings listed per check on the page; the count is always exact


def link_for(obj) -> str:
    """The page of a finding: the case, the household, or a member's household."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    household_id = getattr(obj, "household_id", None) or obj.pk
    try:
        return reverse("households:detail", args=[household_id])
    except NoReverseMatch:  # the households pages are another app's; fall back to no link
        return ""


def findings_for(user) -> list[dict]:
    """Every check over ``user``'s scope: its label, exact count and the first findings."""
    results = []
    for check in REGISTRY.values():
        rows = check.run(user)
        village = VILLAGE_FIELD.get(check.model)
        if village:
            rows = rows.select_related(village)
        sample = list(rows.order_by("pk")[:SAMPLE])
        results.append(
            {
                "code": check.code,
                "label": check.label,
                "count": rows.count() if len(sample) == SAMPLE else len(sample),
                "rows": [{"text": str(obj), "link": link_for(obj)} for obj in sample],
            }
        )
    return results


def household_findings(household: Any) -> list[str]:
    """The labels of the register checks (on the household or its members) that find something on
    ``household`` now. Checks on cases are left out: they judge the assistance process (measures,
    dates), which the exit guards judge by their own rules (SPEC 4 guards 3 and 4)."""
    labels = []
    for check in REGISTRY.values():
        field = HOUSEHOLD_FIELD.get(check.model)
        if field and check.run().filter(**{field: household.pk}).exists():
            labels.append(str(check.label))
    return labels


@transaction.atomic
def quality_snapshot(on=None) -> int:
    """Nightly: today's count per check per village (replacing any earlier run of the same day).

    Each check's findings are announced (``quality_findings``): clues raises a clue from those
    that are risk signals (``clues.receivers``)."""
    day = on or timezone.localdate()
    QualityCount.objects.filter(day=day).delete()
    rows = []
    for check in REGISTRY.values():
        field = VILLAGE_FIELD.get(check.model)
        if not field:
            continue
        # Re-select by pk: a check may annotate (grouped) rows, which must not mix with this grouping.
        model = check.base().model
        offending = model.objects.filter(pk__in=check.run().values("pk"))
        quality_findings.send(sender=model, check=check, rows=offending, day=day)
        for item in offending.order_by().values(field).annotate(n=Count("pk")):
            if item[field]:
                rows.append(QualityCount(day=day, code=check.code, village_id=item[field], count=item["n"]))
    QualityCount.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
