from celery import shared_task

from .services import inventories


@shared_task(time_limit=600, soft_time_limit=540)
def inventories_schedule() -> list[int]:
    """Daily: open the inventories that are due (idempotent; reminders are deduplicated)."""
    return inventories.inventories_schedule()
