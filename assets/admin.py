"""Project assets in the admin: read-only (the ledger pages call ``assets.services``)."""

from common.admin import ReadOnlyInline, register_read_only

from .models import (
    Asset,
    AssetBeneficiary,
    AssetFunding,
    AssetIncome,
    Disposal,
    DisposalStep,
    DistributionPlan,
    DistributionShare,
    FundContribution,
    FundRequest,
    FundRequestStep,
    FundSpending,
    Inventory,
    InventoryItem,
    MaintenanceReport,
    PerformanceNote,
    Project,
)


class FundingInline(ReadOnlyInline):
    model = AssetFunding


class DisposalStepInline(ReadOnlyInline):
    model = DisposalStep


register_read_only(
    Project,
    list_display=("name", "year", "approval", "region", "completed_on"),
    list_filter=("year",),
    search_fields=("name", "approval"),
)
register_read_only(
    Asset,
    list_display=("code", "name", "asset_class", "kind", "region", "original_value", "status"),
    list_filter=("asset_class", "kind", "owner_type", "status", "level"),
    search_fields=("code", "name"),
    raw_id_fields=("project", "region"),
    inlines=[FundingInline],
)
register_read_only(AssetBeneficiary)
register_read_only(MaintenanceReport)
register_read_only(PerformanceNote)
register_read_only(AssetIncome)
register_read_only(DistributionPlan, list_display=("asset", "year", "amount", "status"))
register_read_only(DistributionShare)
register_read_only(Inventory, list_display=("region", "kind", "year", "due_on", "status"))
register_read_only(InventoryItem)
register_read_only(
    Disposal,
    list_display=("asset", "kind", "status", "proceeds"),
    list_filter=("status", "kind"),
    inlines=[DisposalStepInline],
)


class FundRequestStepInline(ReadOnlyInline):
    model = FundRequestStep


class FundSpendingInline(ReadOnlyInline):
    model = FundSpending


register_read_only(FundContribution, list_display=("county", "received_on", "source", "amount"))
register_read_only(
    FundRequest,
    list_display=("asset", "county", "status", "amount_requested", "amount_approved"),
    list_filter=("status",),
    inlines=[FundRequestStepInline, FundSpendingInline],
)
