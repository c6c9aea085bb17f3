from celery import shared_task


@shared_task(time_limit=60 * 60, soft_time_limit=55 * 60)
def upload_process_task(upload_id: int) -> None:
    """Validate and match one department upload (idempotent: a finished upload is left alone)."""
    from .uploads import upload_process

    upload_process(upload_id)


@shared_task(time_limit=60 * 60, soft_time_limit=55 * 60)
def results_export_task(upload_id: int, job_id: int, full_ids: bool) -> None:
    """Write a large upload's results workbook in the background and attach it to the job."""
    from common.jobs import job_begin

    from .exports import results_export

    job_begin(job_id, task=results_export_task, args=[upload_id, job_id, full_ids])

    results_export(upload_id, job_id, full_ids=full_ids)


@shared_task(time_limit=600, soft_time_limit=580)
def clue_remind_task() -> int:
    """Daily reminders and escalations of due clues (idempotent per day: dedupe keys carry it)."""
    from .channels import clue_remind

    return clue_remind()
