"""The filters of the case list: one definition for the page (``monitoring:list``), the API
(``/api/v1/cases/``) and the cases ledger."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import IntegerFilter, ScopedFilterSet, TrueOnlyFilter
from common.masking import sees_full
from households.choices import RiskType
from households.models import Household

from .models import Case, CaseRisk, Category
from .reviews import ReviewRound


class CaseFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=Case.Status.choices, label=_("状态"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("监测对象类型"))
    risk_type = django_filters.ChoiceFilter(
        choices=RiskType.choices, method="filter_risk_type", label=_("风险类型")
    )
    step = django_filters.ChoiceFilter(
        choices=[(n, str(n)) for n in range(1, 6)], label=_("等待的步骤（1–5，办理中的案件）")
    )
    monitored = TrueOnlyFilter(method="filter_monitored", label=_("监测对象（监测中及风险消除程序中）"))
    household = IntegerFilter(label=_("农户ID"))
    village = django_filters.CharFilter(field_name="village__code", label=_("村（区划代码，仅本村）"))
    overdue = TrueOnlyFilter(method="filter_overdue", label=_("仅逾期"))
    q = django_filters.CharFilter(method="filter_search", label=_("户主或户编号"))
    date_from = django_filters.DateFilter(
        field_name="found_on", lookup_expr="gte", label=_("发现风险日期（起）")
    )
    date_to = django_filters.DateFilter(
        field_name="found_on", lookup_expr="lte", label=_("发现风险日期（止）")
    )

    class Meta:
        model = Case
        fields = [
            "region", "updated_since", "status", "category", "risk_type", "step", "monitored",
            "household", "village", "overdue", "q", "date_from", "date_to",
        ]  # fmt: skip

    def filter_risk_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A semi-join on the (risk_type, case) index: no duplicates, no DISTINCT.
        return queryset.filter(pk__in=CaseRisk.objects.filter(risk_type=value).values("case_id"))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.overdue() if value else queryset  # type: ignore[attr-defined]  # its model's QuerySet

    def filter_monitored(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.monitored() if value else queryset  # type: ignore[attr-defined]  # its model's QuerySet

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        term = value.strip()
        if not term:
            return queryset
        by_id = self.request is not None and sees_full(self.request.user)
        return queryset.filter(household__in=Household.objects.search(term, by_id=by_id).values("pk"))


class ReviewRoundFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=ReviewRound.Status.choices, label=_("状态"))
    year = IntegerFilter(label=_("年度"))
    quarter = django_filters.ChoiceFilter(choices=[(q, q) for q in range(1, 5)], label=_("季度"))

    class Meta:
        model = ReviewRound
        fields = ["region", "updated_since", "status", "year", "quarter"]
