from celery import shared_task


@shared_task(time_limit=60 * 60, soft_time_limit=55 * 60)
def upload_process_task(upload_id: int) -> None:
    """Validate and match one department upload (idempotent: a finished upload is left alone)."""
    from .uploads import upload_process

    upload_process(upload_id)
