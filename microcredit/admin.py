"""Loans are written by their services: read-only here."""

from common.admin import register_read_only

from .models import Extension, Instalment, Loan, Repayment

register_read_only(
    Loan,
    list_display=("borrower", "bank", "amount", "status", "issued_on", "due_on"),
    list_filter=("status", "extended"),
    raw_id_fields=("household", "borrower"),
)
register_read_only(Instalment, list_display=("loan", "number", "due_on", "principal", "interest"))
register_read_only(Repayment, list_display=("loan", "paid_on", "principal", "interest"))
register_read_only(Extension, list_display=("loan", "old_due_on", "new_due_on", "reason"))
