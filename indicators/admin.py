"""Indicator plans are a catalogue (editable here, the admin's log keeps each change); actuals and
computed values are read-only: ``indicators.services`` writes them."""

from django.contrib import admin

from common.admin import ReferenceAdmin, register_read_only

from .models import Actual, ComputedValue, Indicator, Plan, VillageSnapshot
from .resources import IndicatorResource, PlanResource


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = (
        "order",
        "number",
        "group",
        "name",
        "unit",
        "baseline_value",
        "target_value",
        "corrected_target_value",
        "correction_note",
        "target_kind",
        "attribute",
        "metric",
    )


@admin.register(Plan)
class PlanAdmin(ReferenceAdmin):
    resource_classes = [PlanResource]
    list_display = ("title", "level", "region", "document_number", "period_start", "period_end")
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(ReferenceAdmin):
    """The plans' rows one by one: their import/export carries the 更正 columns."""

    resource_classes = [IndicatorResource]
    list_display = ("plan", "order", "number", "name", "target_value", "corrected_target_value")
    list_filter = ("plan",)


register_read_only(
    Actual,
    list_display=("indicator", "region", "year", "value", "value_text", "assessment", "computed"),
    list_filter=("computed", "year"),
)
register_read_only(ComputedValue, list_display=("metric", "region", "year", "numerator", "denominator"))
register_read_only(VillageSnapshot, list_display=("day", "village", "below_line", "with_income"))
