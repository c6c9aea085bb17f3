"""Filters: one django-filter ``FilterSet`` per list, shared by the page list, the API list and the
ledger export of the same rows.

:class:`RegionFilterSet` is the base. Its ``region`` filter (a 12-digit code: that region's whole
subtree, inside the caller's scope) reads the path to a row's region from the model's QuerySet
(``ScopedQuerySet.region_field``), so the region field is named once, on the model's QuerySet.
``updated_since`` (ISO datetime, inclusive) serves incremental pulls.

Three ways in, one definition:

- the API: ``filterset_class = CaseFilter`` (DRF's backend validates the query string: 400s);
- a page: its form parses the page's own URL parameters (choices, widgets), then
  ``CaseFilter(request=request).apply(queryset, form.cleaned_data)``;
- a ledger: ``Ledger(filterset=CaseFilter, ...)`` applies its region, status, category and date
  range through the same filters.
"""

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from accounts.models import User
from regions.models import Region, code_validator

_QS = TypeVar("_QS", bound=QuerySet[Any])


def region_field_of(queryset: QuerySet[Any]) -> str:
    """The path from a row to its region, as the model's QuerySet names it (default ``region``)."""
    return str(getattr(queryset, "region_field", "region"))


def in_region(queryset: _QS, region: Region) -> _QS:
    """The rows of ``queryset`` in ``region`` or below it."""
    subtree = Region.objects.subtree_of(region).values("pk")
    return queryset.filter(**{f"{region_field_of(queryset)}__in": subtree})


def region_in_scope(user: User | AnonymousUser, code: str, *, field: str = "region") -> Region:
    """The region with ``code`` if the user may see it; a 400 otherwise, not an empty page, so a
    client with a typo or a too-wide code learns why nothing came back."""
    region = Region.objects.visible_to(user).filter(code=code).first()
    if region is None:
        raise ValidationError(
            {field: [_("区划代码 %(code)s 不存在或不在您的权限范围内。") % {"code": code}]},
            code="region_out_of_scope",
        )
    return region


@extend_schema_field({"type": "string", "pattern": r"^\d{12}$"})
class RegionCodeFilter(django_filters.CharFilter):
    """A 12-digit statistical division code (documented with its pattern in the schema)."""


class IntegerFilter(django_filters.NumberFilter):
    """A whole number in the database's range (an id, a year): a huge number is a 400, not a 500."""

    field_class = forms.IntegerField  # type: ignore[assignment]  # whole numbers, not decimals

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """ISO 8601 with any offset; compared in UTC, since PostgreSQL refuses offsets past ±15:59
    that Python accepts (and an instant past year 9999 in UTC is no date at all)."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value:
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError:
                raise ValidationError(
                    {"updated_since": [_("时间超出可表示的范围。")]}, code="invalid"
                ) from None
        return super().filter(qs, value)


class TrueOnlyFilter(django_filters.BooleanFilter):
    """A checkbox-style filter: ``true`` narrows the rows, ``false`` or nothing leaves them."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return super().filter(qs, value) if value is True else qs


class RegionFilterSet(django_filters.FilterSet):
    region = RegionCodeFilter(
        method="filter_region",
        validators=[code_validator],
        label=_("区划代码（含下级）"),
    )

    def filter_region(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        # A page or ledger form has already resolved its Region inside the scope; a code comes
        # from the API's query string and is checked against the caller's scope here.
        if isinstance(value, Region):
            return in_region(queryset, value)
        if self.request is None:  # a code with no caller to scope it: fail closed
            return queryset.none()
        return in_region(queryset, region_in_scope(self.request.user, value))

    def apply(self, queryset: _QS, values: Mapping[str, Any]) -> _QS:
        """Apply the filters named in ``values``, already cleaned by a page's or a ledger's form
        (names this FilterSet does not have are ignored; empty values filter nothing)."""
        for name, value in values.items():
            if name in self.filters and value not in EMPTY_VALUES:
                queryset = cast(_QS, self.filters[name].filter(queryset, value))
        return queryset


class ScopedFilterSet(RegionFilterSet):
    updated_since = UpdatedSinceFilter(
        field_name="updated_at", lookup_expr="gte", label=_("更新时间不早于（ISO 8601）")
    )
