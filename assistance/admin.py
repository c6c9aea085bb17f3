"""Measures and contacts are read-only here (their services write them); the catalogue is edited
and imported through its service."""

from django.contrib import admin
from import_export.admin import ImportExportMixin

from common.admin import ServiceAdmin, register_read_only

from .models import CaseContact, Contact, Measure, MeasureCategory
from .resources import MeasureCategoryResource
from .services.catalogue import FIELDS, category_create, category_update

register_read_only(
    Measure,
    list_display=("case", "category", "status", "planned_start", "planned_end"),
    list_filter=("status",),
    raw_id_fields=("case", "member", "category"),
)
register_read_only(Contact, list_display=("name", "unit", "region"))
register_read_only(CaseContact, list_display=("case", "contact", "start_date", "end_date"))


@admin.register(MeasureCategory)
class MeasureCategoryAdmin(ImportExportMixin, ServiceAdmin):
    resource_classes = [MeasureCategoryResource]
    list_display = ("code", "name", "parent", "kind", "active", "order")
    list_filter = ("kind", "active")
    search_fields = ("code", "name")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()  # records and exports refer to the code

    def save_model(self, request, obj, form, change):
        values = {name: getattr(obj, name) for name in FIELDS}
        if change:
            category_update(item=obj, by=request.user, **values)
        else:
            obj.pk = category_create(by=request.user, code=obj.code, **values).pk
