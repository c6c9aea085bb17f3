"""The filters of the loan list: one definition for the page, ``/api/v1/loans/`` and the ledger."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import ScopedFilterSet, TrueOnlyFilter
from regions.models import Region

from .models import Loan


class LoanFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=Loan.Status.choices, label=_("状态"))
    overdue = TrueOnlyFilter(method="filter_overdue", label=_("仅看逾期"))
    bank = django_filters.CharFilter(field_name="bank", lookup_expr="icontains", label=_("贷款银行"))
    village = django_filters.CharFilter(method="filter_village", label=_("村（区划代码，仅本村）"))
    date_from = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="gte", label=_("发放日期（起）")
    )
    date_to = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte", label=_("发放日期（止）"))

    class Meta:
        model = Loan
        fields = ["region", "updated_since", "status", "overdue", "bank", "village", "date_from", "date_to"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(status=Loan.Status.OVERDUE) if value else queryset

    def filter_village(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if isinstance(value, Region):
            return queryset.filter(household__village=value)
        return queryset.filter(household__village__code=value)
