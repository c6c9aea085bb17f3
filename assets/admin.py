from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Asset, AssetFunding, Disposal, DistributionPlan, Inventory, Project


class FundingInline(admin.TabularInline):
    model = AssetFunding
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "approval", "region", "completed_on"]
    list_filter = ["year"]
    search_fields = ["name", "approval"]
    raw_id_fields = ["region"]


@admin.register(Asset)
class AssetAdmin(SimpleHistoryAdmin):
    """Read-mostly: changes go through the ledger pages so the services' checks apply."""

    list_display = ["code", "name", "asset_class", "kind", "region", "original_value", "status"]
    list_filter = ["asset_class", "kind", "owner_type", "status", "level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["project", "region"]
    inlines = [FundingInline]


@admin.register(Inventory)
class InventoryAdmin(admin.ModelAdmin):
    list_display = ["region", "kind", "year", "due_on", "status"]
    list_filter = ["kind", "status", "year"]
    raw_id_fields = ["region"]


@admin.register(DistributionPlan)
class DistributionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["asset", "year", "amount", "status"]
    raw_id_fields = ["asset"]


@admin.register(Disposal)
class DisposalAdmin(admin.ModelAdmin):
    list_display = ["asset", "kind", "status", "proceeds"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["asset"]
