"""The filters of the area alerts (page, ``/api/v1/area-alerts/``, 区域预警台账) and of the visit
plan (``/api/v1/visit-plan/``, 走访计划台账)."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filters import RegionFilterSet, ScopedFilterSet, TrueOnlyFilter

from .models import AlertKind, AreaAlert, Grade, HouseholdGrade


class AreaAlertFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=AreaAlert.Status.choices, label=_("状态"))
    kind = django_filters.ChoiceFilter(choices=AlertKind.choices, label=_("预警类型"))
    active = TrueOnlyFilter(method="filter_active", label=_("仅看未关闭"))
    opened_from = django_filters.DateFilter(
        field_name="opened_at__date", lookup_expr="gte", label=_("预警日期起")
    )
    opened_to = django_filters.DateFilter(
        field_name="opened_at__date", lookup_expr="lte", label=_("预警日期止")
    )

    class Meta:
        model = AreaAlert
        fields = ["region", "updated_since", "status", "kind", "active", "opened_from", "opened_to"]

    def filter_active(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        return queryset.filter(status__in=AreaAlert.ACTIVE) if value else queryset


class VisitPlanFilter(RegionFilterSet):
    """The filters of the visit plan: ``/api/v1/visit-plan/`` and the 走访计划台账."""

    grade = django_filters.ChoiceFilter(choices=Grade.choices, label=_("风险等级"))
    overdue = TrueOnlyFilter(method="filter_overdue", label=_("仅看逾期"))
    due_from = django_filters.DateFilter(
        field_name="next_visit_due", lookup_expr="gte", label=_("下次走访日期起")
    )
    due_to = django_filters.DateFilter(
        field_name="next_visit_due", lookup_expr="lte", label=_("下次走访日期止")
    )

    class Meta:
        model = HouseholdGrade
        fields = ["region", "grade", "overdue", "due_from", "due_to"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        return queryset.filter(next_visit_due__lt=timezone.localdate()) if value else queryset
