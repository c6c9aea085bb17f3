"""Which area a dashboard covers: the user's regions, or one region inside them (?region=code)."""

import datetime
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.scope import REGISTER_ROLES, scope_regions
from regions.models import Region


@dataclass
class DashboardScope:
    roots: list[Region]  # the subtrees counted
    buckets: list[Region]  # breakdown rows: the children of a single root, or the roots
    today: datetime.date = field(default_factory=timezone.localdate)
    # Results shared by several panels within one computation (never cached beyond it).
    memo: dict = field(default_factory=dict)

    @property
    def region_ids(self):
        """Subquery of every region id in the covered subtrees (``village_id__in=``)."""
        return Region.objects.subtree_of(*self.roots).values("pk")

    @property
    def cache_key(self) -> str:
        # The numbers depend on the covered regions and the day only, never on who asks: users
        # with the same area share one cached dashboard.
        codes = ",".join(sorted(r.code for r in self.roots))
        return f"indicators:dashboard:v1:{codes}:{self.today.isoformat()}"


def has_register_role(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(*REGISTER_ROLES))


def resolve_scope(user, code: str | None) -> DashboardScope | None:
    """None for users without a register role (no numbers for them); 404 for a region outside."""
    if not has_register_role(user):
        return None
    if code:
        roots = [get_object_or_404(Region.objects.visible_to(user), code=code)]
    elif user.is_superuser:
        roots = list(Region.objects.filter(parent__isnull=True))
    else:
        roots = _outermost(scope_regions(user))
    if not roots:
        return None
    if len(roots) == 1:
        return scope_for_region(roots[0])
    return DashboardScope(roots=roots, buckets=roots)


def scope_for_region(region: Region) -> DashboardScope:
    """One area, broken down by its children (townships of a county, villages of a township)."""
    buckets = list(Region.objects.filter(parent=region).exclude(level=Region.Level.GROUP))
    return DashboardScope(roots=[region], buckets=buckets)


def _outermost(regions: list[Region]) -> list[Region]:
    """Drop regions that lie inside another assigned region (counted once), sorted by code."""
    unique = {r.pk: r for r in regions}.values()
    return sorted(
        (r for r in unique if not any(o.pk != r.pk and r.is_within(o) for o in unique)), key=lambda r: r.code
    )
