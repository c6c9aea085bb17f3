"""The register in the admin: read-only (writes go through ``households.services``). ID and phone
numbers are left out: the admin is no way around the pages' masking."""

from django.contrib import admin
from import_export.admin import ImportExportMixin

from common.admin import ReadOnlyInline, ServiceAdmin, register_read_only

from .models import (
    DuplicateCandidate,
    Household,
    HouseholdFlag,
    IncomeRecord,
    Member,
    MemberTransfer,
    MonitoringLine,
    NameKey,
    Visit,
    VisitPhoto,
)
from .resources import MonitoringLineResource
from .services import monitoring_line_set

register_read_only(
    Household,
    list_display=("number", "village", "head_name", "member_count", "updated_at"),
    search_fields=("number", "head_name"),
    exclude=("phone",),
)
register_read_only(
    Member,
    list_display=("name", "household", "relationship", "removed_on"),
    search_fields=("name", "household__number"),
    exclude=("id_number", "person_id"),
)
register_read_only(HouseholdFlag, list_display=("household", "kind", "start_date", "end_date"))
register_read_only(MemberTransfer, list_display=("member", "from_household", "to_household", "at"))
register_read_only(
    DuplicateCandidate,
    list_display=("pair_key", "kind", "county", "region", "score", "status", "found_at"),
    list_filter=("kind", "status"),
)
register_read_only(NameKey, list_display=("name", "simplified", "pinyin"), search_fields=("name",))
register_read_only(IncomeRecord, list_display=("household", "period", "year", "per_capita_net", "created_at"))


class VisitPhotoInline(ReadOnlyInline):
    model = VisitPhoto


register_read_only(
    Visit, list_display=("household", "visited_on", "visitor", "kind"), inlines=[VisitPhotoInline]
)


@admin.register(MonitoringLine)
class MonitoringLineAdmin(ImportExportMixin, ServiceAdmin):
    """监测范围, a reference table: saved (and imported) through ``monitoring_line_set``."""

    resource_classes = [MonitoringLineResource]
    list_display = ("year", "region", "amount", "basis", "effective_date", "is_demo")
    list_filter = ("year",)

    def get_readonly_fields(self, request, obj=None):
        return ("year", "region") if obj else ()  # the service keys a line by year and region

    def save_model(self, request, obj, form, change):
        line = monitoring_line_set(
            by=request.user,
            year=obj.year,
            region=obj.region,
            amount=obj.amount,
            basis=obj.basis,
            effective_date=obj.effective_date,
            is_demo=obj.is_demo,
        )
        obj.pk = line.pk
