"""Indicator plans are a catalogue (editable here, the admin's log keeps each change); actuals and
computed values are read-only: ``indicators.services`` writes them."""

from django.contrib import admin

from common.admin import register_read_only

from .models import Actual, ComputedValue, Indicator, Plan, VillageSnapshot


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
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "level", "region", "document_number", "period_start", "period_end")
    inlines = [IndicatorInline]


register_read_only(
    Actual,
    list_display=("indicator", "region", "year", "value", "value_text", "assessment", "computed"),
    list_filter=("computed", "year"),
)
register_read_only(ComputedValue, list_display=("metric", "region", "year", "numerator", "denominator"))
register_read_only(VillageSnapshot, list_display=("day", "village", "below_line", "with_income"))
