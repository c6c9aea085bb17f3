from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Actual, Indicator, Plan


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


@admin.register(Actual)
class ActualAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "region", "year", "value", "value_text", "assessment", "computed")
    list_filter = ("computed", "year")
    raw_id_fields = ("indicator", "region", "entered_by")
