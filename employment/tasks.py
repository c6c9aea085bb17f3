"""Beat: on each quarter's first day open the quarter's employment follow-ups and remind the villages."""

from celery import shared_task

from .services import follow_ups_open, follow_ups_remind


@shared_task
def open_follow_ups() -> dict[str, int]:
    return {"opened": follow_ups_open(), "reminded": follow_ups_remind()}
