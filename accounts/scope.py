"""Scope: who sees which rows, who may act.

Deny by default. A user sees rows whose region lies in the subtree of a region assigned to one of
their roles; a user without assignments sees nothing; a row without a region matches no subtree
and so is seen by superusers only. Every scoped model's QuerySet derives from
:class:`ScopedQuerySet` and names its region field once.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from regions.models import Region

from .models import REGISTER_ROLES


def scope_regions(user, roles=REGISTER_ROLES):
    """Regions of ``user`` for ``roles`` (the assigned roots, not their subtrees)."""
    return user.scope_roots(roles)


def scope_region_ids(user, roles=REGISTER_ROLES):
    """A subquery of the ids of every region in scope, for ``region_id__in=``."""
    return Region.objects.subtree_of(*scope_regions(user, roles)).values("pk")


class ScopedQuerySet(models.QuerySet):
    region_field = "region"
    scope_roles = REGISTER_ROLES

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        roots = scope_regions(user, self.scope_roles)
        if not roots:
            return self.none()
        return self.filter(**{f"{self.region_field}__in": scope_region_ids(user, self.scope_roles)})


def get_visible_or_404(queryset, user, **lookup):
    """Fetch through ``visible_to`` so that an object outside the scope is simply not found."""
    return get_object_or_404(queryset.visible_to(user), **lookup)


def user_may(user, *roles: str, region=None) -> bool:
    """Whether ``user`` holds one of ``roles``, over ``region`` when one is given."""
    if user.is_superuser:
        return True
    for assignment in user.assignments:
        if assignment.role not in roles:
            continue
        if region is None or any(region.is_within(r) for r in assignment.regions.all()):
            return True
    return False


def require_role(user, *roles: str, region=None) -> None:
    """Raise 403 unless ``user`` may act in one of ``roles`` (over ``region``)."""
    if not user_may(user, *roles, region=region):
        raise PermissionDenied
