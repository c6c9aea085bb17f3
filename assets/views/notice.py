"""The printable public notice of a village's assets: ownership and operation (公告公示, SPEC 7)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.types import AuthedRequest
from regions.models import Region

from .. import selectors
from .base import home_region, require_reader


@login_required
def village_notice(request: AuthedRequest) -> HttpResponse:
    """``?region=<village code>`` (a village cadre's own village by default). Names of owners and
    operators, amounts and dates only: never ID numbers or phones."""
    require_reader(request.user)
    villages = Region.objects.visible_to(request.user).filter(level=Region.Level.VILLAGE)
    code = request.GET.get("region")
    if not code:
        root = home_region(request.user)
        code = root.code if root is not None and root.level == Region.Level.VILLAGE else ""
    if not code:
        return render(request, "assets/notice_pick.html", {"villages": villages.select_related("parent")})
    village = get_object_or_404(villages.select_related("parent"), code=code)
    year = timezone.localdate().year - 1  # the notice reports the last full year's income
    rows = list(selectors.village_notice_rows(village, year))
    context = {"village": village, "rows": rows, "year": year, "today": timezone.localdate()}
    return render(request, "assets/village_notice.html", context)
