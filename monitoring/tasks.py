"""Celery wrappers of the monitoring services. Each is idempotent: beat may run it twice."""

from celery import shared_task

from .quality import quality_snapshot
from .services.reviews import review_escalate, review_open_rounds, review_remind


@shared_task(time_limit=600, soft_time_limit=580)
def open_review_rounds() -> int:
    return review_open_rounds()


@shared_task(time_limit=300, soft_time_limit=280)
def remind_review_rounds() -> int:
    return review_remind()


@shared_task(time_limit=300, soft_time_limit=280)
def escalate_review_rounds() -> int:
    return review_escalate()


@shared_task(time_limit=1800, soft_time_limit=1780)
def run_quality_checks() -> int:
    return quality_snapshot()
