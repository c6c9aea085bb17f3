"""Reads beyond a queryset chain: the work queue and the quarterly-review completion."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Role, User
from accounts.scope import scope_region_ids
from households.models import Household
from regions.models import Region

from .hooks import cases_without_contact
from .models import Case, CaseQuerySet
from .reviews import ReviewRound
from .services.steps import STEP_ROLES


def work_queue(user: User) -> CaseQuerySet:
    """Cases waiting for one of ``user``'s roles, in that role's scope, oldest first.

    A township user does not see cases still in their public notice: they cannot act on them yet.
    """
    wanted = Q(pk__in=[])
    for role in (Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY):
        if not (user.is_superuser or user.has_role(role)):
            continue
        steps = [s for s, r in STEP_ROLES.items() if r == role]
        in_scope = Q() if user.is_superuser else Q(village__in=scope_region_ids(user, [role]))
        ready = Q(step__in=steps)
        if role == Role.TOWNSHIP:
            ready &= Q(notice_end__lt=timezone.localdate())
        wanted |= in_scope & ready
    return (
        Case.objects.in_procedure()
        .filter(wanted)
        .select_related("household", "village")
        .prefetch_related("risks")
        # 无帮扶责任人 on the row: every case needs one by 县审定 of its enrolment (SPEC 4).
        .annotate(no_contact=Exists(cases_without_contact(Case.objects.filter(pk=OuterRef("pk")))))
        .order_by("step_since", "pk")
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
