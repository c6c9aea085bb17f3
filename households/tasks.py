"""Celery wrappers of the register's long work. Each is idempotent: beat may run it twice."""

from celery import shared_task

from .services.duplicates import duplicates_find_all, duplicates_find_job


@shared_task(time_limit=3600, soft_time_limit=3580)
def find_duplicates_task(county_id: int, job_id: int | None = None) -> dict[str, int]:
    """One county, on demand (``duplicates_find_launch``: a job with progress)."""
    return duplicates_find_job(county_id, job_id)


@shared_task(time_limit=3600, soft_time_limit=3580)
def find_duplicates_nightly() -> int:
    return duplicates_find_all()
