"""Helpers for long work: create a Job, advance it, finish it. Tasks call these with ids."""

from typing import Any

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from accounts.models import User

from .models import Job


def job_start(
    *, kind: str, title: str, by: User, params: dict[str, Any] | None = None, total: int = 0
) -> Job:
    return Job.objects.create(kind=kind, title=title, created_by=by, params=params or {}, total=total)


def job_progress(job_id: int, *, done: int | None = None, total: int | None = None, add: int = 0) -> None:
    """Update progress with one UPDATE (called from inside loops: no read, no save())."""
    fields: dict[str, Any] = {"status": Job.Status.RUNNING}
    if done is not None:
        fields["done"] = done
    if add:
        fields["done"] = F("done") + add
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job_id).update(**fields)


def job_finish(job_id: int, *, message: str = "", filename: str = "", content: bytes | None = None) -> Job:
    job = Job.objects.get(pk=job_id)
    if content is not None:
        job.result.save(filename, ContentFile(content), save=False)
    job.status, job.message, job.finished_at = Job.Status.DONE, message, timezone.now()
    job.done = max(job.done, job.total)
    job.save()
    return job


def job_fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, message=message, finished_at=timezone.now()
    )
