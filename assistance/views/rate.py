"""监测对象帮扶率 of a region, with its breakdown by township or village (SPEC 6)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role
from monitoring.models import Case
from regions.models import Region

from ..selectors import assistance_rate, rate_breakdown, rate_percent


@login_required
def rate_index(request):
    """The user's widest region in scope."""
    require_role(request.user, *REGISTER_ROLES)
    region = Region.objects.visible_to(request.user).order_by("depth", "code").first()
    if region is None:
        raise Http404
    return redirect("assistance:rate", code=region.code)


@login_required
def rate_region(request, code: str):
    require_role(request.user, *REGISTER_ROLES)
    region = get_visible_or_404(Region.objects, request.user, code=code)
    cases = Case.objects.visible_to(request.user)
    helped, total = assistance_rate(cases.filter(village__path__startswith=region.path))
    rows = rate_breakdown(region, cases) if region.level != Region.Level.VILLAGE else []
    parent = region.parent if region.parent_id else None
    if parent is not None and not Region.objects.visible_to(request.user).filter(pk=parent.pk).exists():
        parent = None
    return render(
        request,
        "assistance/rate.html",
        {
            "region": region,
            "helped": helped,
            "total": total,
            "rate": rate_percent(helped, total),
            "rows": rows,
            "parent": parent,
        },
    )
