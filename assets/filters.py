"""The filters of the asset ledger: one definition for the ledger page (``assets:ledger``), the
API (``/api/v1/assets/``) and the Excel asset ledgers."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import IntegerFilter, ScopedFilterSet

from .choices import AssetClass, AssetKind, AssetStatus, OperatingMode, OwnerType
from .models import Asset


class AssetFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=AssetStatus.choices, label=_("状态"))
    asset_class = django_filters.ChoiceFilter(choices=AssetClass.choices, label=_("资产类别"))
    kind = django_filters.ChoiceFilter(choices=AssetKind.choices, label=_("资产类型"))
    owner_type = django_filters.ChoiceFilter(choices=OwnerType.choices, label=_("权属类型"))
    operating_mode = django_filters.ChoiceFilter(choices=OperatingMode.choices, label=_("经营方式"))
    year = IntegerFilter(field_name="project__year", label=_("项目年度"))
    q = django_filters.CharFilter(method="filter_search", label=_("编号或名称"))
    date_from = django_filters.DateFilter(
        field_name="completed_on", lookup_expr="gte", label=_("建成日期（起）")
    )
    date_to = django_filters.DateFilter(
        field_name="completed_on", lookup_expr="lte", label=_("建成日期（止）")
    )

    class Meta:
        model = Asset
        fields = [
            "region", "updated_since", "status", "asset_class", "kind", "owner_type",
            "operating_mode", "year", "q", "date_from", "date_to",
        ]  # fmt: skip

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__startswith=value) | Q(name__contains=value))
