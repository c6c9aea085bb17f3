"""Celery wrappers of the grading services. Each is idempotent: beat may run it twice."""

from celery import shared_task

from .services import grades_recompute, visits_escalate


@shared_task(time_limit=3600, soft_time_limit=3580)
def recompute_grades() -> int:
    return grades_recompute()


@shared_task(time_limit=600, soft_time_limit=580)
def escalate_overdue_visits() -> int:
    return visits_escalate()


@shared_task(time_limit=1800, soft_time_limit=1780)
def evaluate_area_alerts() -> int:
    """Daily after the nightly grading: open the area alerts whose threshold is crossed."""
    from .services.alerts import alerts_evaluate

    return len(alerts_evaluate())
