from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import Region
from .resources import RegionResource


@admin.register(Region)
class RegionAdmin(ImportExportModelAdmin):
    """Reference data, editable here and importable (the admin's log keeps each change). Not
    ``common.admin.ReferenceAdmin``: regions sit below common and do not import it."""

    resource_classes = [RegionResource]
    list_display = ("code", "name", "level", "parent", "former_poor_village")
    list_filter = ("level", "former_poor_village")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path", "depth")

    def has_import_permission(self, request) -> bool:
        # An import adds and changes rows: only for who may add and change them here.
        return self.has_add_permission(request) and self.has_change_permission(request)
