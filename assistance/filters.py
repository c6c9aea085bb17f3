"""The filters of the measure list: one definition for the page (``assistance:measure_list``),
the API (``/api/v1/measures/``) and the measures ledger."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filters import IntegerFilter, ScopedFilterSet, TrueOnlyFilter
from regions.models import Region

from .models import HousingProblem, Measure, MeasureCategory


class MeasureFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=Measure.Status.choices, label=_("状态"))
    category = django_filters.CharFilter(method="filter_category", label=_("措施类别编码（含其下级类别）"))
    case = IntegerFilter(label=_("监测对象ID"))
    village = django_filters.CharFilter(method="filter_village", label=_("村（区划代码，仅本村）"))
    overdue = TrueOnlyFilter(method="filter_overdue", label=_("仅看逾期未完成"))
    date_from = django_filters.DateFilter(
        field_name="planned_start", lookup_expr="gte", label=_("计划开始日期（起）")
    )
    date_to = django_filters.DateFilter(
        field_name="planned_start", lookup_expr="lte", label=_("计划开始日期（止）")
    )

    class Meta:
        model = Measure
        fields = [
            "region", "updated_since", "status", "category", "case", "village", "overdue",
            "date_from", "date_to",
        ]  # fmt: skip

    def filter_category(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """A category and the categories under it; the page's form gives the category itself."""
        if isinstance(value, MeasureCategory):
            return queryset.filter(Q(category=value) | Q(category__parent=value))
        return queryset.filter(Q(category__code=value) | Q(category__parent__code=value))

    def filter_village(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if isinstance(value, Region):
            return queryset.filter(case__village=value)
        return queryset.filter(case__village__code=value)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(
            status__in=(Measure.Status.PLANNED, Measure.Status.IMPLEMENTING),
            planned_end__lt=timezone.localdate(),
        )


class HousingProblemFilter(ScopedFilterSet):
    """The filters of the housing ledger: page, ``/api/v1/housing-problems/`` and the ledger."""

    status = django_filters.ChoiceFilter(choices=HousingProblem.Status.choices, label=_("状态"))
    source = django_filters.ChoiceFilter(choices=HousingProblem.Source.choices, label=_("来源"))
    open = TrueOnlyFilter(method="filter_open", label=_("仅看未销号"))
    village = django_filters.CharFilter(method="filter_village", label=_("村（区划代码，仅本村）"))

    class Meta:
        model = HousingProblem
        fields = ["region", "updated_since", "status", "source", "open", "village"]

    def filter_open(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(status__in=HousingProblem.OPEN_STATUSES) if value else queryset

    def filter_village(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if isinstance(value, Region):
            return queryset.filter(household__village=value)
        return queryset.filter(household__village__code=value)
