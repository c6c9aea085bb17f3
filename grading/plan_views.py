"""走访计划: every graded household in scope with its cell, cadres, grade, last visit, next due
date and days overdue, filtered like ``/api/v1/visit-plan/`` and the 走访计划台账."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.scope import REGISTER_ROLES, require_role
from common.pagination import paginate

from .alert_filters import VisitPlanFilter
from .alert_forms import VisitPlanForm
from .models import HouseholdGrade


@login_required
def visit_plan(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    rows = (
        HouseholdGrade.objects.visible_to(request.user)
        .select_related("household", "household__village", "cell")
        .prefetch_related("cell__cadres")
    )
    form = VisitPlanForm(request.GET or None, user=request.user)
    values: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = VisitPlanFilter(request=request).apply(rows, values)
    page = paginate(request, rows.order_by("next_visit_due", "-score", "pk"))
    today = timezone.localdate()
    for row in page:
        row.overdue_days = max((today - row.next_visit_due).days, 0)  # for the page
    return render(request, "grading/plan.html", {"page_obj": page, "form": form})
