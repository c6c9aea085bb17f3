"""Cases, steps and review rounds in the admin: read-only (the workflow services write them)."""

from common.admin import ReadOnlyInline, register_read_only

from .models import Case, CaseRisk, CaseStep, StepAttachment
from .quality_models import QualityCount
from .reviews import ReviewEntry, ReviewRound


class RiskInline(ReadOnlyInline):
    model = CaseRisk


register_read_only(
    Case,
    list_display=("household", "village", "category", "status", "step", "found_on"),
    list_filter=("status", "category"),
    search_fields=("household__number",),
    raw_id_fields=("household", "village", "previous_case"),
    inlines=[RiskInline],
)
register_read_only(CaseStep, list_display=("case", "procedure", "step", "decision", "by", "at"))
register_read_only(StepAttachment, list_display=("step", "kind", "uploaded_at"))
register_read_only(ReviewRound, list_display=("village", "year", "quarter", "status", "held_on"))
register_read_only(ReviewEntry, list_display=("round", "case", "risk_status", "recorded_at"))
register_read_only(QualityCount, list_display=("day", "code", "village", "count"))
