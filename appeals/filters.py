"""The filters of the appeal list: one definition for the page (``appeals:list``), the API
(``/api/v1/appeals/``) and the 申诉台账."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filters import IntegerFilter, ScopedFilterSet, TrueOnlyFilter
from regions.models import Region

from .models import Appeal


class AppealFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=Appeal.Status.choices, label=_("状态"))
    kind = django_filters.ChoiceFilter(choices=Appeal.Kind.choices, label=_("申诉事项"))
    outcome = django_filters.ChoiceFilter(choices=Appeal.Outcome.choices, label=_("复核结果"))
    case = IntegerFilter(label=_("监测对象ID"))
    village = django_filters.CharFilter(method="filter_village", label=_("村（区划代码，仅本村）"))
    overdue = TrueOnlyFilter(method="filter_overdue", label=_("仅看逾期"))
    date_from = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("收到申诉日期（起）")
    )
    date_to = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("收到申诉日期（止）")
    )

    class Meta:
        model = Appeal
        fields = [
            "region", "updated_since", "status", "kind", "outcome", "case", "village", "overdue",
            "date_from", "date_to",
        ]  # fmt: skip

    def filter_village(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if isinstance(value, Region):
            return queryset.filter(village=value)
        return queryset.filter(village__code=value)

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.exclude(status=Appeal.Status.CLOSED).filter(due_on__lt=timezone.localdate())
