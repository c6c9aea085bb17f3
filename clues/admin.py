"""Clues and department uploads in the admin: read-only (``clues.services`` writes them)."""

from common.admin import register_read_only

from .models import Application, Clue, ClueLog, DepartmentRecord, DepartmentUpload, MatchResult

register_read_only(
    Clue,
    list_display=("household", "source", "rule", "status", "found_on"),
    list_filter=("status", "source"),
    exclude=("person_id",),
)
register_read_only(ClueLog, list_display=("clue", "action", "from_status", "to_status", "by", "at"))
register_read_only(
    DepartmentUpload, list_display=("department", "region", "status", "rows", "uploaded_by", "created_at")
)
register_read_only(
    MatchResult, list_display=("upload", "row_number", "outcome", "rule"), exclude=("person_id",)
)
register_read_only(
    DepartmentRecord,
    list_display=("department", "kind", "record_id", "outcome", "updated_at"),
    exclude=("person_id", "values"),
)
register_read_only(
    Application,
    list_display=("village", "via", "status", "found_on", "created_at"),
    exclude=("phone", "name"),
)
