"""Read-only: the employment services write these rows (follow-ups, appointments, attendance)."""

from common.admin import register_read_only

from .models import Appointment, Attendance, EmploymentRecord, FollowUp, WelfarePost

register_read_only(
    EmploymentRecord,
    list_display=("member", "household", "status", "employer", "months", "income", "followed_on"),
    list_filter=("status",),
    raw_id_fields=("member", "household"),
)
register_read_only(
    FollowUp,
    list_display=("member", "quarter", "status", "employment_status", "recorded_on"),
    list_filter=("status", "quarter"),
    raw_id_fields=("member", "household"),
)
register_read_only(
    WelfarePost, list_display=("name", "village", "kind", "places", "monthly_pay", "funding_source")
)
register_read_only(
    Appointment,
    list_display=("post", "member", "status", "start_on", "end_on", "exit_reason"),
    list_filter=("status",),
    raw_id_fields=("member", "household", "post"),
)
register_read_only(
    Attendance,
    list_display=("appointment", "month", "days_worked", "passed", "subsidy", "paid_on"),
    raw_id_fields=("appointment",),
)
