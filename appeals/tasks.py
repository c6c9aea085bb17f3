from celery import shared_task


@shared_task(time_limit=600, soft_time_limit=580)
def appeals_remind_overdue_task() -> int:
    """Daily reminders of overdue appeals (idempotent per day: the dedupe keys carry the date)."""
    from .services import appeals_remind_overdue

    return appeals_remind_overdue()
