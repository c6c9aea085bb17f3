"""Celery wrapper of the daily overdue check (idempotent: beat may run it twice)."""

from celery import shared_task

from .services import loans_check_overdue


@shared_task(time_limit=600, soft_time_limit=580)
def check_overdue_loans() -> int:
    return loans_check_overdue()
