"""Scope: who sees which rows, who may act.

Deny by default. A user sees rows whose region lies in the subtree of a region assigned to one of
their roles; a user without assignments sees nothing; a row without a region matches no subtree
and so is seen by superusers only. Every scoped model's QuerySet derives from
:class:`ScopedQuerySet` and names its region field once.
"""

from collections.abc import Iterable
from typing import Any, Protocol, Self, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from regions.models import Region

from .models import REGISTER_ROLES, User

__all__ = [
    "REGISTER_ROLES",
    "Scoped",
    "ScopedQuerySet",
    "get_visible_or_404",
    "require_role",
    "scope_region_ids",
    "scope_regions",
    "user_may",
]

_M = TypeVar("_M", bound=models.Model)
_M_co = TypeVar("_M_co", bound=models.Model, covariant=True)


class Scoped(Protocol[_M_co]):
    """A manager or queryset that knows its rows' scope (``visible_to``)."""

    def visible_to(self, user: Any) -> "models.QuerySet[_M_co]": ...


def scope_regions(user: User, roles: Iterable[str] = REGISTER_ROLES) -> list["Region"]:
    """Regions of ``user`` for ``roles`` (the assigned roots, not their subtrees)."""
    return user.scope_roots(roles)


def scope_region_ids(user: User, roles: Iterable[str] = REGISTER_ROLES) -> "models.QuerySet[Region, Any]":
    """A subquery of the ids of every region in scope, for ``region_id__in=``."""
    return Region.objects.subtree_of(*scope_regions(user, roles)).values("pk")


class ScopedQuerySet(models.QuerySet[_M]):
    region_field = "region"
    scope_roles: tuple[str, ...] = REGISTER_ROLES

    def visible_to(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        roots = scope_regions(user, self.scope_roles)
        if not roots:
            return self.none()
        return self.filter(**{f"{self.region_field}__in": scope_region_ids(user, self.scope_roles)})


def get_visible_or_404(queryset: Scoped[_M], user: User | AnonymousUser, **lookup: Any) -> _M:
    """Fetch through ``visible_to`` so that an object outside the scope is simply not found."""
    return get_object_or_404(queryset.visible_to(user), **lookup)


def user_may(user: User | AnonymousUser, *roles: str, region: "Region | None" = None) -> bool:
    """Whether ``user`` holds one of ``roles``, over ``region`` when one is given."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    for assignment in user.assignments:
        if assignment.role not in roles:
            continue
        if region is None or any(region.is_within(r) for r in assignment.regions.all()):
            return True
    return False


def require_role(user: User | AnonymousUser, *roles: str, region: "Region | None" = None) -> None:
    """Raise 403 unless ``user`` may act in one of ``roles`` (over ``region``)."""
    if not user_may(user, *roles, region=region):
        raise PermissionDenied
