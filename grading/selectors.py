"""Reads for the 待走访 page, the coverage table and the household page."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User

from .models import HouseholdGrade, MemberGroup


def visits_due(user: User) -> QuerySet[HouseholdGrade]:
    """The cadre's households by due date, overdue first (the earliest due are the overdue)."""
    return (
        HouseholdGrade.objects.for_cadre(user)
        .select_related("household", "household__village", "cell")
        .order_by("next_visit_due", "-score", "household_id")
    )


def coverage(
    user: User, on: datetime.date | None = None, village: int | None = None
) -> list[Mapping[str, Any]]:
    """Per grid cell: households, due within the week, visited in the last 30 days, overdue."""
    on = on or timezone.localdate()
    grades = HouseholdGrade.objects.visible_to(user)
    if village:
        grades = grades.filter(household__village_id=village)
    rows: list[Mapping[str, Any]] = []
    rows.extend(
        grades.values("cell_id", "cell__name", "household__village__name")
        .annotate(
            households=Count("pk"),
            due=Count(
                "pk", filter=Q(next_visit_due__gte=on, next_visit_due__lte=on + datetime.timedelta(days=7))
            ),
            done=Count("pk", filter=Q(last_visit__gt=on - datetime.timedelta(days=30))),
            overdue=Count("pk", filter=Q(next_visit_due__lt=on)),
        )
        .order_by("household__village__name", "cell__name")
    )
    return rows


def household_page_context(request: HttpRequest, household: Any, can_edit: bool) -> dict[str, Any]:
    """The grade section of the household page (registered in ``households.hooks``)."""
    grade = HouseholdGrade.objects.filter(household=household).first()
    groups = list(MemberGroup.objects.active().filter(member__household=household).select_related("member"))
    return {"risk_grade": grade, "special_groups": groups}
