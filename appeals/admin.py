"""Appeals are read-only here: their services write them."""

from common.admin import register_read_only

from .models import Appeal, AppealAttachment, AppealStep

register_read_only(
    Appeal,
    list_display=("household", "village", "kind", "status", "outcome", "received_on", "due_on"),
    list_filter=("status", "kind", "outcome"),
    raw_id_fields=("case", "decision", "household", "village"),
)
register_read_only(AppealStep, list_display=("appeal", "action", "by", "at"), raw_id_fields=("appeal",))
register_read_only(
    AppealAttachment, list_display=("appeal", "file", "uploaded_at"), raw_id_fields=("appeal",)
)
