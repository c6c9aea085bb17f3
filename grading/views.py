"""The cadre's 待走访 list and the coverage table per grid cell."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from accounts.scope import user_may
from regions.models import Region

from .selectors import coverage, visits_due

PAGE = 200  # a cadre's list is short; the cap keeps a township-wide mistake cheap


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    if not user_may(request.user, Role.VILLAGE):
        raise PermissionDenied
    today = timezone.localdate()
    rows = list(visits_due(request.user)[:PAGE])  # type: ignore[arg-type]  # signed in
    for row in rows:
        row.overdue_days = (today - row.next_visit_due).days  # type: ignore[attr-defined]  # for the page
    return render(request, "grading/visits.html", {"rows": rows, "today": today})


@login_required
def coverage_table(request: HttpRequest) -> HttpResponse:
    if not user_may(request.user, Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY):
        raise PermissionDenied
    village = request.GET.get("village")
    region = None
    if village:
        if not village.isdigit():
            raise Http404
        region = (
            Region.objects.visible_to(request.user).filter(pk=village, level=Region.Level.VILLAGE).first()
        )
        if region is None:
            raise Http404
    rows = coverage(request.user, village=region.pk if region else None)  # type: ignore[arg-type]  # signed in
    return render(request, "grading/coverage.html", {"rows": rows, "village": region})
