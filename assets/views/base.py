"""Helpers shared by the asset pages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from accounts.models import Role
from accounts.scope import require_role, scope_regions
from common.actions import run
from regions.models import Region

from ..models import Asset

# Everyone who reads the register reads the ledger; the village only its own village (scope).
READ_ROLES = (Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY, Role.VIEWER)


def require_reader(user) -> None:
    require_role(user, *READ_ROLES)


def visible_asset(user, pk: int) -> Asset:
    require_reader(user)
    return get_object_or_404(Asset.objects.visible_to(user).select_related("project", "region"), pk=pk)


def home_region(user) -> Region | None:
    """The widest region the user reads: the root of their ledger."""
    if user.is_superuser:
        return Region.objects.filter(level=Region.Level.COUNTY).order_by("code").first()
    roots = scope_regions(user)
    return min(roots, key=lambda r: (r.depth, r.code)) if roots else None


def post_on_asset(request, pk: int, *, roles, form_class, service, invalid: str, done: str):
    """The small forms of the asset page: check scope and role, validate, call the service,
    report in a message and go back to the asset."""
    asset = visible_asset(request.user, pk)
    require_role(request.user, *roles, region=asset.region)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid % form.errors.as_text())
    elif run(request, service, asset=asset, by=request.user, **form.cleaned_data):
        messages.success(request, done)
    return redirect("assets:asset", pk=asset.pk)
