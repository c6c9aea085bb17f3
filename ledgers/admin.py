"""Export logs and import runs in the admin: read-only (the ledger services write them)."""

from common.admin import register_read_only

from .models import ExportLog, ImportRun

register_read_only(ExportLog, list_display=("ledger", "user", "rows", "masked", "started_at"))
register_read_only(
    ImportRun, list_display=("kind", "status", "rows", "error_count", "created_by", "created_at")
)
