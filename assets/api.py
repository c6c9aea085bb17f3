"""``/api/v1/assets/``: the poverty-alleviation project asset ledger (扶贫项目资产) in scope."""

from django.db.models import Prefetch
from rest_framework import serializers

from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .filters import AssetFilter
from .models import Asset, AssetFunding, FundRequest, FundSpending


class FundingSerializer(OutputSerializer):
    class Meta:
        model = AssetFunding
        fields = ["source", "amount"]


class AssetSerializer(OutputSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    project_year = serializers.IntegerField(source="project.year", read_only=True)
    fundings = FundingSerializer(many=True, read_only=True)

    class Meta:
        model = Asset
        fields = [
            "id", "code", "name", "project", "project_name", "project_year", "asset_class", "kind",
            "region", "region_code", "level", "quantity", "unit", "original_value", "fundings",
            "completed_on", "handed_over", "handed_over_on", "registered", "registered_on",
            "owner_type", "owner_name", "custodian_unit", "custodian_person", "operating_mode",
            "operator", "status", "disposed_on", "created_at", "updated_at",
        ]  # fmt: skip


class AssetViewSet(ScopedReadOnlyViewSet):
    queryset = Asset.objects.select_related("region", "project").prefetch_related(
        Prefetch("fundings", queryset=AssetFunding.objects.order_by("source"))
    )
    serializer_class = AssetSerializer
    filterset_class = AssetFilter


class FundSpendingSerializer(OutputSerializer):
    class Meta:
        model = FundSpending
        fields = ["spent_on", "amount", "payee", "note"]


class FundRequestSerializer(OutputSerializer):
    asset_code = serializers.CharField(source="asset.code", read_only=True)
    county_code = serializers.CharField(source="county.code", read_only=True)
    spendings = FundSpendingSerializer(many=True, read_only=True)

    class Meta:
        model = FundRequest
        fields = [
            "id", "asset", "asset_code", "county_code", "amount_requested", "amount_approved", "reason",
            "status", "spendings", "requested_at", "updated_at",
        ]  # fmt: skip


class FundRequestViewSet(ScopedReadOnlyViewSet):
    """``/api/v1/asset-fund-requests/``: 运维基金 requests of the assets in scope, with their payments."""

    queryset = FundRequest.objects.select_related("asset", "county").prefetch_related(
        Prefetch("spendings", queryset=FundSpending.objects.order_by("spent_on", "pk"))
    )
    serializer_class = FundRequestSerializer
