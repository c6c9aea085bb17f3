"""Long work as a Job that always ends: launch, advance (heartbeat), finish or fail, sweep, retry.

- ``job_launch`` creates the job and queues its task once the transaction commits. When the broker
  cannot be reached the job row (and whatever ``discard`` removes) is deleted and the caller gets a
  ``ServiceError`` at once: no job is left "排队中" that no worker will ever see.
- Tasks report progress with ``job_progress``; every call moves ``heartbeat_at``.
- ``jobs_sweep`` (a beat task) fails a running job whose heartbeat stopped (worker killed, memory
  limit, lost message) and a pending job nobody picked up; apps add their own sweepers for records
  that follow a job (import runs, department uploads) through ``register_sweeper``.
- ``job_retry`` sends the same task again for a failed job (the 重试 button).
- The owner is notified when a job finishes or fails.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from accounts.models import User

from .errors import Conflict, ServiceError
from .models import Job
from .notify import notify

log = logging.getLogger(__name__)

S = Job.Status
ENDED = (S.DONE, S.FAILED)

# kind -> callable(job) run before a failed job is sent again (resets the records that follow it).
RETRY_PREPARE: dict[str, Callable[[Job], None]] = {}
# callables() -> int run by the sweeper after the jobs (records that end without a Job row).
SWEEPERS: list[Callable[[], int]] = []


def register_sweeper(sweeper: Callable[[], int]) -> None:
    if sweeper not in SWEEPERS:
        SWEEPERS.append(sweeper)


def broker_down_message() -> str:
    return _("后台任务服务暂时无法连接，本次操作没有执行，请稍后再试；如持续出现请联系系统管理员。")


def failure_reason(exc: BaseException) -> str:
    """The Chinese reason shown when a task dies of one of the limits that bound it."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, ServiceError):
        return exc.message
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("处理超时（超过后台任务的时间上限），已停止；请缩小文件或分批处理后重试。")
    if isinstance(exc, MemoryError):
        return _("处理所需内存超过上限，已停止；请缩小文件或分批处理后重试。")
    return _("系统错误，已停止，请联系管理员。")


def job_start(
    *, kind: str, title: str, by: User, params: dict[str, Any] | None = None, total: int = 0
) -> Job:
    return Job.objects.create(kind=kind, title=title, created_by=by, params=params or {}, total=total)


def send_task(task: Any, args: Sequence[Any]) -> None:
    """Queue ``task``; a broker that cannot be reached raises ``ServiceError`` at once (no retries)."""
    try:
        task.apply_async(args=list(args), retry=False)
    except OperationalError as exc:
        log.error("broker unreachable while queueing %s: %s", getattr(task, "name", task), exc)
        raise ServiceError(broker_down_message(), code="broker_down") from None


def job_launch(
    *,
    kind: str,
    title: str,
    by: User,
    task: Any,
    args: Sequence[Any] | Callable[[Job], Sequence[Any]] | None = None,
    params: dict[str, Any] | None = None,
    total: int = 0,
    discard: Callable[[], None] | None = None,
) -> Job:
    """Create a job and queue ``task(*args)`` (default: the job's id) when the transaction commits.

    If the broker is down the job row is deleted, ``discard`` undoes the caller's own rows, and a
    ``ServiceError`` propagates from the commit point (the view shows it as the form's error).
    """
    job = job_start(kind=kind, title=title, by=by, params=params, total=total)
    task_args = list(args(job) if callable(args) else args if args is not None else (job.pk,))
    job.task_name, job.task_args = task.name, task_args
    job.save(update_fields=["task_name", "task_args"])

    def send() -> None:
        try:
            send_task(task, task_args)
        except ServiceError:
            Job.objects.filter(pk=job.pk).delete()
            if discard is not None:
                discard()
            raise

    transaction.on_commit(send)
    return job


def job_progress(job_id: int, *, done: int | None = None, total: int | None = None, add: int = 0) -> None:
    """Update progress and heartbeat with one UPDATE (called from inside loops: no read, no save())."""
    fields: dict[str, Any] = {"status": S.RUNNING, "heartbeat_at": timezone.now()}
    if done is not None:
        fields["done"] = done
    if add:
        fields["done"] = F("done") + add
    if total is not None:
        fields["total"] = total
    # A job the sweeper already failed stays failed: a late worker does not bring it back.
    Job.objects.filter(pk=job_id).exclude(status=S.FAILED).update(**fields)


def job_begin(job_id: int, *, task: Any, args: Sequence[Any]) -> None:
    """Called by a task as it starts: running, heartbeat, and what 重试 must send again (for jobs
    queued without ``job_launch``)."""
    job_progress(job_id, done=0)
    Job.objects.filter(pk=job_id, task_name="").update(task_name=task.name, task_args=list(args))


def job_heartbeat(job_id: int) -> None:
    Job.objects.filter(pk=job_id, status=S.RUNNING).update(heartbeat_at=timezone.now())


def _notify_owner(job: Job) -> None:
    if job.status == S.DONE:
        message = _("后台任务已完成：%s") % job.title
    else:
        message = _("后台任务失败：%(title)s。%(reason)s") % {"title": job.title, "reason": job.message}
    notify(
        [job.created_by],
        kind=f"job_{job.status}",
        message=message[:300],
        link=reverse("common:job", args=[job.pk]),
    )


def job_finish(job_id: int, *, message: str = "", filename: str = "", content: bytes | None = None) -> Job:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if content is not None:
        job.result.save(filename, ContentFile(content), save=False)
    job.status, job.message, job.finished_at = S.DONE, message, timezone.now()
    job.done = max(job.done, job.total)
    job.save()
    _notify_owner(job)
    return job


def job_fail(job_id: int, message: str) -> bool:
    """Fail the job unless it already ended; the owner is told. True when this call failed it."""
    changed = (
        Job.objects.filter(pk=job_id)
        .exclude(status__in=ENDED)
        .update(status=S.FAILED, message=message, finished_at=timezone.now())
    )
    if changed:
        _notify_owner(Job.objects.select_related("created_by").get(pk=job_id))
    return bool(changed)


def jobs_sweep() -> int:
    """Fail the jobs that can no longer end by themselves; then run the apps' sweepers."""
    now = timezone.now()
    stale = now - timedelta(minutes=settings.JOBS_STALE_MINUTES)
    unclaimed = now - timedelta(minutes=settings.JOBS_PENDING_MINUTES)
    lost = Job.objects.filter(
        Q(status=S.RUNNING, heartbeat_at__lt=stale)
        | Q(status=S.RUNNING, heartbeat_at__isnull=True, created_at__lt=stale)
        | Q(status=S.PENDING, created_at__lt=unclaimed)
    )
    failed = 0
    for job_id, status in lost.values_list("pk", "status"):
        if status == S.RUNNING:
            reason = _("任务中断：超过%(n)d分钟没有进展（后台进程可能被终止或超时），请点“重试”。") % {
                "n": settings.JOBS_STALE_MINUTES
            }
        else:
            reason = _("任务排队超过%(n)d分钟仍未开始（后台服务可能未运行），请点“重试”或联系管理员。") % {
                "n": settings.JOBS_PENDING_MINUTES
            }
        if job_fail(job_id, reason):
            log.warning("job %s swept as failed (%s)", job_id, status)
            failed += 1
    for sweeper in SWEEPERS:
        failed += sweeper()
    return failed


@transaction.atomic
def job_retry(*, job: Job, by: User) -> Job:
    """Send a failed job's task again (its owner or a superuser)."""
    if job.created_by_id != by.pk and not by.is_superuser:
        raise ServiceError(_("只能重试本人发起的任务。"), code="forbidden")
    if not job.task_name:
        raise ServiceError(_("该任务不能重试，请重新发起。"), code="not_retryable")
    reset = Job.objects.filter(pk=job.pk, status=S.FAILED).update(
        status=S.PENDING, message="", done=0, finished_at=None, heartbeat_at=None, created_at=timezone.now()
    )
    if not reset:
        raise Conflict(_("该任务不处于失败状态，无需重试。"))
    job.refresh_from_db()
    prepare = RETRY_PREPARE.get(job.kind)
    if prepare is not None:
        prepare(job)
    task = current_app.tasks.get(job.task_name)
    if task is None:
        current_app.loader.import_default_modules()
        task = current_app.tasks[job.task_name]
    args = list(job.task_args)

    def send() -> None:
        try:
            send_task(task, args)
        except ServiceError as exc:
            Job.objects.filter(pk=job.pk).update(
                status=S.FAILED, message=exc.message, finished_at=timezone.now()
            )
            raise

    transaction.on_commit(send)
    return job
