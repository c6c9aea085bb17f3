"""The filters every list shares: ``region`` (a 12-digit code, its whole subtree, inside the
caller's scope) and ``updated_since`` (ISO datetime, inclusive) for incremental pulls.

A resource's FilterSet subclasses :class:`ScopedFilterSet` and names the path to its region with
``region_field``; ``status``, ``category``, ``risk_type`` are declared where the model has them.
"""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from regions.models import Region, code_validator


def region_in_scope(user, code: str, *, field: str = "region") -> Region:
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

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class RegionFilterMixin(django_filters.FilterSet):
    region_field = "region"

    region = RegionCodeFilter(
        method="filter_region",
        validators=[code_validator],
        label=_("区划代码（含下级）"),
    )

    def filter_region(self, queryset, name, value):
        region = region_in_scope(self.request.user, value)  # type: ignore[union-attr]  # bound to a request
        subtree = Region.objects.subtree_of(region).values("pk")
        return queryset.filter(**{f"{self.region_field}__in": subtree})


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """ISO 8601 with any offset; compared in UTC, since PostgreSQL refuses offsets past ±15:59
    that Python accepts (and an instant past year 9999 in UTC is no date at all)."""

    def filter(self, qs, value):
        if value:
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError:
                raise ValidationError(
                    {"updated_since": [_("时间超出可表示的范围。")]}, code="invalid"
                ) from None
        return super().filter(qs, value)


class ScopedFilterSet(RegionFilterMixin):
    updated_since = UpdatedSinceFilter(
        field_name="updated_at", lookup_expr="gte", label=_("更新时间不早于（ISO 8601）")
    )
