"""Reads beyond a queryset chain: the work queue and the quarterly-review completion."""

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Role, User
from accounts.scope import scope_region_ids
from regions.models import Region

from .models import Case
from .reviews import ReviewRound
from .services.steps import STEP_ROLES


def work_queue(user: User) -> QuerySet[Case]:
    """Every case in the user's scope at or before the step of one of their roles, soonest
    deadline first (overdue cases lead). ``mine`` marks the cases the user may act on now: at
    their step, and for the township only once the public notice has ended (cases in 公示 are
    listed with a countdown so nothing surprises the reviewer)."""
    wanted = Q(pk__in=[])
    mine = Q(pk__in=[])
    today = timezone.localdate()
    for role in (Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY):
        if not (user.is_superuser or user.has_role(role)):
            continue
        steps = [s for s, r in STEP_ROLES.items() if r == role]
        in_scope = Q() if user.is_superuser else Q(village__in=scope_region_ids(user, [role]))
        wanted |= in_scope & Q(step__lte=max(steps))
        ready = Q(step__in=steps)
        if role == Role.TOWNSHIP:
            ready &= Q(notice_end__lt=today)
        mine |= in_scope & ready
    return (
        Case.objects.in_procedure()
        .filter(wanted)
        .annotate(mine=ExpressionWrapper(mine, output_field=BooleanField()))
        .select_related("household", "village")
        .prefetch_related("risks")
        .order_by("deadline", "step_since", "pk")
    )


def waiting_for(user: User) -> QuerySet[Case]:
    """The cases ``user`` may act on now (the ``mine`` rows of the work queue)."""
    return work_queue(user).filter(mine=True)


def review_completion(user, quarter: tuple[int, int]) -> dict:
    """Rounds of ``quarter`` (year, q) in the user's scope: done/total per village and per township.

    Two grouped queries, whatever the number of villages.
    """
    year, q = quarter
    rounds = ReviewRound.objects.visible_to(user).filter(year=year, quarter=q)
    done = Q(status=ReviewRound.Status.COMPLETED)
    villages = list(
        rounds.values("village_id", "village__name", "village__parent_id")
        .annotate(total=Count("pk"), completed=Count("pk", filter=done))
        .order_by("village__code")
    )
    names = dict(
        Region.objects.filter(pk__in={v["village__parent_id"] for v in villages}).values_list("pk", "name")
    )
    townships: dict = {}
    for v in villages:
        t = townships.setdefault(
            v["village__parent_id"],
            {
                "township_id": v["village__parent_id"],
                "name": names.get(v["village__parent_id"], ""),
                "total": 0,
                "completed": 0,
            },
        )
        t["total"] += v["total"]
        t["completed"] += v["completed"]
    total = sum(v["total"] for v in villages)
    completed = sum(v["completed"] for v in villages)
    return {
        "villages": [
            {
                "village_id": v["village_id"],
                "name": v["village__name"],
                "total": v["total"],
                "completed": v["completed"],
            }
            for v in villages
        ],
        "townships": list(townships.values()),
        "total": total,
        "completed": completed,
    }


def cases_of(household):
    """A household's cases, newest first, for the household page."""
    return household.cases.select_related("village").prefetch_related("risks").order_by("-created_at")


def monitored_cases_of_outer_household() -> QuerySet:
    """The monitored cases of the household ``OuterRef("pk")``: households' "under monitoring"
    filter and badge (registered in ``households.hooks`` at ready())."""
    return Case.objects.monitored().filter(household=OuterRef("pk"))


def household_page_context(request: HttpRequest, household, can_edit: bool) -> dict:
    """The cases section of the household page (registered in ``households.hooks``)."""
    cases = list(cases_of(household))
    return {
        "cases": cases,
        "may_nominate": can_edit and not any(c.status in Case.OPEN_STATUSES for c in cases),
    }


def case_overdue_count(user) -> int:
    return Case.objects.visible_to(user).overdue().count()
