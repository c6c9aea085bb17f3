"""The filters of the clue list: one definition for the page (``clues:list``), the API
(``/api/v1/clues/``) and the clues ledger."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import IntegerFilter, ScopedFilterSet, TrueOnlyFilter
from households.choices import RiskType

from .models import Clue


class ClueFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=Clue.Status.choices, label=_("状态"))
    source = django_filters.ChoiceFilter(choices=Clue.Source.choices, label=_("来源"))
    risk_type = django_filters.ChoiceFilter(choices=RiskType.choices, label=_("风险类型"))
    household = IntegerFilter(label=_("农户ID"))
    village = IntegerFilter(field_name="household__village", label=_("村ID（仅本村）"))
    overdue = TrueOnlyFilter(method="filter_overdue", label=_("仅看超期"))
    date_from = django_filters.DateFilter(field_name="found_on", lookup_expr="gte", label=_("发现日期（起）"))
    date_to = django_filters.DateFilter(field_name="found_on", lookup_expr="lte", label=_("发现日期（止）"))

    class Meta:
        model = Clue
        fields = [
            "region", "updated_since", "status", "source", "risk_type", "household",
            "village", "overdue", "date_from", "date_to",
        ]  # fmt: skip

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.overdue() if value else queryset  # type: ignore[attr-defined]  # its model's QuerySet
