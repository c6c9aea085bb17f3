"""Reads beyond a queryset chain: the work queue and the quarterly-review completion."""

import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Role, User
from accounts.scope import scope_region_ids
from households.choices import VisitKind
from households.models import Household, Visit
from regions.models import Region

from .hooks import cases_without_contact
from .models import Case, Channel
from .reviews import ReviewRound
from .services.nominate import proposed_category
from .services.steps import STEP_ROLES


def _queue_filters(user: User) -> tuple[Q, Q]:
    """(listed, mine): the cases in the user's scope at or before the step of one of their roles,
    and among them those the user may act on now."""
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
    return wanted, mine


def work_queue(user: User) -> QuerySet[Case]:
    """Every case in the user's scope at or before the step of one of their roles, soonest
    deadline first (overdue cases lead). ``mine`` marks the cases the user may act on now: at
    their step, and for the township only once the public notice has ended (cases in 公示 are
    listed with a countdown so nothing surprises the reviewer)."""
    wanted, mine = _queue_filters(user)
    return (
        Case.objects.in_procedure()
        .filter(wanted)
        .annotate(mine=ExpressionWrapper(mine, output_field=BooleanField()))
        .select_related("household", "village")
        .prefetch_related("risks")
        # 无帮扶责任人 on the row: every case needs one by 县审定 of its enrolment (SPEC 4).
        .annotate(no_contact=Exists(cases_without_contact(Case.objects.filter(pk=OuterRef("pk")))))
        .order_by("deadline", "step_since", "pk")
    )


def waiting_for(user: User) -> QuerySet[Case]:
    """The cases ``user`` may act on now (the ``mine`` rows of the work queue)."""
    return work_queue(user).filter(_queue_filters(user)[1])


def queue_counts(user: User) -> dict[str, int]:
    """The approver's home tiles in one query: cases waiting for me, in their notice, overdue."""
    today = timezone.localdate()
    wanted, mine = _queue_filters(user)
    return (
        Case.objects.in_procedure()
        .filter(wanted)
        .aggregate(
            total=Count("pk"),
            mine=Count("pk", filter=mine),
            in_notice=Count("pk", filter=Q(step=4, notice_start__lte=today, notice_end__gte=today)),
            overdue=Count("pk", filter=Q(deadline__lt=today)),
        )
    )


def open_review_rounds(user: User) -> QuerySet[ReviewRound]:
    """Quarterly review rounds in the user's scope still to be completed, oldest first."""
    return (
        ReviewRound.objects.visible_to(user)
        .open()
        .select_related("village")
        .order_by("year", "quarter", "pk")
    )


def review_completion(user: User, quarter: tuple[int, int]) -> dict[str, Any]:
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
    names: dict[int | None, str] = dict(
        Region.objects.filter(pk__in={v["village__parent_id"] for v in villages}).values_list("pk", "name")
    )
    townships: dict[int | None, dict[str, Any]] = {}
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


def cases_of(household: Household) -> QuerySet[Case]:
    """A household's cases, newest first, for the household page."""
    return household.cases.select_related("village").prefetch_related("risks").order_by("-created_at")


def monitored_cases_of_outer_household() -> QuerySet[Any]:
    """The monitored cases of the household ``OuterRef("pk")``: households' "under monitoring"
    filter and badge (registered in ``households.hooks`` at ready())."""
    return Case.objects.monitored().filter(household=OuterRef("pk"))


def household_page_context(request: HttpRequest, household: Household, can_edit: bool) -> dict[str, Any]:
    """The cases section of the household page (registered in ``households.hooks``)."""
    cases = list(cases_of(household))
    return {
        "cases": cases,
        "may_nominate": can_edit and not any(c.status in Case.OPEN_STATUSES for c in cases),
    }


def case_overdue_count(user: User) -> int:
    return Case.objects.visible_to(user).overdue().count()


def nomination_start(household: Household, on: datetime.date | None = None) -> dict[str, Any]:
    """What 村提名 starts from: the household's latest visit (risks, date, channel, what was
    noted) and the category its flags allow, with the reason shown to the cadre."""
    on = on or timezone.localdate()
    category, reason = proposed_category(household, on)
    initial: dict[str, Any] = {"category": category, "found_on": on, "channel": Channel.CADRE_VISIT}
    visit = household.visits.order_by("-visited_on", "-pk").first()
    if visit is not None:
        notes = [getattr(visit, f"{f}_note") for f in Visit.ASSURANCE_FIELDS] + [
            visit.problem_note,
            visit.notes,
        ]
        initial.update(
            found_on=visit.visited_on,
            channel=Channel.SWEEP if visit.kind == VisitKind.SWEEP else Channel.CADRE_VISIT,
            risk_types=visit.risk_types,
            evidence="；".join(n for n in notes if n),
        )
    return {"initial": initial, "category_reason": reason, "visit": visit}
