"""Reads other apps use: the 帮扶率 and the exit guard's "a measure implemented"."""

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from accounts.models import User
from common.masking import Masker
from regions.models import Region

from .models import Measure

if TYPE_CHECKING:
    from monitoring.models import Case, CaseQuerySet


def has_implemented_measure(case: "Case") -> bool:
    return Measure.objects.filter(case=case).implemented().exists()


def _with_measure() -> Count:
    # An IN over the implemented measures' case ids: PostgreSQL hashes the subquery once instead
    # of probing it per monitored case, which a correlated EXISTS inside FILTER would do.
    return Count("pk", filter=Q(pk__in=Measure.objects.implemented().values("case_id")))


def assistance_rate(cases: "CaseQuerySet") -> tuple[int, int]:
    """监测对象帮扶率 over ``cases`` (a scoped Case queryset): (monitored cases with at least one
    implemented measure, all monitored cases). One aggregate query."""
    totals = cases.monitored().aggregate(total=Count("pk"), with_measure=_with_measure())
    return totals["with_measure"], totals["total"]


def assistance_rate_by_village(cases: "CaseQuerySet") -> dict[int, tuple[int, int]]:
    """The 帮扶率 pair per village id over ``cases`` (scoped): one grouped query."""
    rows = (
        cases.monitored()
        .order_by()
        .values("village_id")
        .annotate(total=Count("pk"), with_measure=_with_measure())
    )
    return {r["village_id"]: (r["with_measure"], r["total"]) for r in rows}


def rate_breakdown(region: Region, cases: "CaseQuerySet") -> list[dict[str, Any]]:
    """One row per child region of ``region`` (townships of a county, villages of a township) with
    the 帮扶率 of its subtree over ``cases``; villages are summed up to their child by path."""
    from regions.models import Region

    children = list(Region.objects.filter(parent=region).order_by("code"))
    by_village = assistance_rate_by_village(cases.filter(village__path__startswith=region.path))
    paths = dict(Region.objects.filter(pk__in=list(by_village)).values_list("pk", "path"))
    rows = []
    for child in children:
        helped = total = 0
        for village_id, (h, t) in by_village.items():
            if paths[village_id].startswith(child.path):
                helped, total = helped + h, total + t
        rows.append({"region": child, "helped": helped, "total": total, "rate": rate_percent(helped, total)})
    return rows


def rate_percent(helped: int, total: int) -> float | None:
    """Percentage with one decimal; None when there is no monitored case (not 0 %, not 100 %)."""
    return round(helped * 100 / total, 1) if total else None


def case_plan(case: "Case", user: User) -> dict[str, Any]:
    """Everything ``assistance/case_section.html`` renders for ``case`` (the plan, contacts,
    warnings, recent history). The caller has already fetched ``case`` through ``visible_to``."""
    from accounts.models import Role
    from accounts.scope import user_may

    from .models import CaseContact
    from .rules import case_warnings

    measures = list(
        case.measures.select_related("category", "category__parent", "member").order_by("status", "-id")
    )
    contacts = list(
        CaseContact.objects.filter(case=case).select_related("contact").order_by("end_date", "-start_date")
    )
    masker = Masker(user)
    for assignment in contacts:  # contact phones follow the same masking as households' phones
        assignment.phone_shown = masker.phone(assignment.contact.phone or "")  # type: ignore[attr-defined]  # for the template
    history = list(
        Measure.history.filter(case_id=case.pk).select_related("history_user").order_by("-history_date")[:20]
    )
    return {
        "case": case,
        "measures": measures,
        "contacts": contacts,
        "warnings": case_warnings(case) if case.status in case.OPEN_STATUSES else [],
        "history": history,
        "can_edit": case.status in case.OPEN_STATUSES and user_may(user, Role.VILLAGE, region=case.village),
    }
