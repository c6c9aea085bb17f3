"""Filters of the employment lists, shared by the pages, ``/api/v1/employment/``, ``/api/v1/welfare-posts/``
and the two ledgers."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import ScopedFilterSet, TrueOnlyFilter
from regions.models import Region

from .models import EMPLOYED, OUTSIDE_COUNTY, Appointment, EmploymentRecord, EmploymentStatus, WelfarePost


class EmploymentRecordFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=EmploymentStatus.choices, label=_("就业状态"))
    employed = TrueOnlyFilter(method="filter_employed", label=_("仅看务工就业"))
    outside = TrueOnlyFilter(method="filter_outside", label=_("仅看外出务工（县外）"))
    village = django_filters.CharFilter(method="filter_village", label=_("村（区划代码，仅本村）"))

    class Meta:
        model = EmploymentRecord
        fields = ["region", "updated_since", "status", "employed", "outside", "village"]

    def filter_employed(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(status__in=EMPLOYED) if value else queryset

    def filter_outside(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(status__in=OUTSIDE_COUNTY) if value else queryset

    def filter_village(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if isinstance(value, Region):
            return queryset.filter(household__village=value)
        return queryset.filter(household__village__code=value)


class WelfarePostFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=WelfarePost.Kind.choices, label=_("岗位类别"))
    funding_source = django_filters.ChoiceFilter(choices=WelfarePost.Funding.choices, label=_("资金来源"))
    village = django_filters.CharFilter(method="filter_village", label=_("村（区划代码，仅本村）"))

    class Meta:
        model = WelfarePost
        fields = ["region", "updated_since", "kind", "funding_source", "village"]

    def filter_village(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if isinstance(value, Region):
            return queryset.filter(village=value)
        return queryset.filter(village__code=value)


class AppointmentFilter(ScopedFilterSet):
    """The 公益岗位台账 (one row per appointment)."""

    status = django_filters.ChoiceFilter(choices=Appointment.Status.choices, label=_("状态"))
    kind = django_filters.ChoiceFilter(
        field_name="post__kind", choices=WelfarePost.Kind.choices, label=_("岗位类别")
    )

    class Meta:
        model = Appointment
        fields = ["region", "updated_since", "status", "kind"]
