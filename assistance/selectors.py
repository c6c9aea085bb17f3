"""Reads other apps use: the 帮扶率 and the exit guard's "a measure implemented"."""

from django.db.models import Count, Exists, OuterRef, Q

from .models import Measure


def has_implemented_measure(case) -> bool:
    return Measure.objects.filter(case=case).implemented().exists()


def assistance_rate(cases) -> tuple[int, int]:
    """监测对象帮扶率 over ``cases`` (a scoped Case queryset): (monitored cases with at least one
    implemented measure, all monitored cases). One aggregate query."""
    implemented = Measure.objects.filter(case=OuterRef("pk"), status__in=Measure.IMPLEMENTED_STATUSES)
    totals = cases.monitored().aggregate(
        total=Count("pk"), with_measure=Count("pk", filter=Q(Exists(implemented)))
    )
    return totals["with_measure"], totals["total"]
