"""Sites and relocations are written by their services: read-only here."""

from common.admin import register_read_only

from .models import Relocation, Site

register_read_only(
    Site,
    list_display=("name", "region", "kind", "planned_households", "completion_year"),
    list_filter=("kind",),
    search_fields=("name",),
)
register_read_only(
    Relocation, list_display=("household", "site", "moved_on", "source"), raw_id_fields=("household", "site")
)
