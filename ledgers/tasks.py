import os
import tempfile

from celery import shared_task
from django.core.files import File
from django.utils.translation import gettext as _

from accounts.models import User
from common.jobs import failure_reason, job_begin, job_fail, job_finish, job_progress
from common.models import Job

from .conf import IMPORT_TASK_TIME_LIMIT
from .registry import LEDGERS, Filters
from .services import export_filename, ledger_export


@shared_task(time_limit=30 * 60, soft_time_limit=28 * 60)
def ledger_export_task(job_id: int) -> None:
    """A large export in the background; the job page polls progress and offers the file.

    Idempotent: a job already finished is left alone.
    """
    job = Job.objects.get(pk=job_id)
    if job.status in (Job.Status.DONE, Job.Status.FAILED):
        return
    ledger = LEDGERS[job.params["ledger"]]
    user = User.objects.get(pk=job.created_by_id)
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        job_begin(job_id, task=ledger_export_task, args=[job_id])
        log = ledger_export(
            ledger=ledger,
            by=user,
            filters=Filters.from_json(job.params.get("filters", {})),
            path=path,
            job=job,
            progress=lambda n: job_progress(job_id, done=n),
        )
        with open(path, "rb") as fh:
            job.result.save(export_filename(ledger), File(fh), save=True)
        job_finish(job_id, message=_("共导出 %(rows)d 行。") % {"rows": log.rows})
    except Exception as exc:
        job_fail(job_id, _("导出失败：%s") % failure_reason(exc))
        raise
    finally:
        os.unlink(path)


@shared_task(time_limit=IMPORT_TASK_TIME_LIMIT, soft_time_limit=IMPORT_TASK_TIME_LIMIT - 2 * 60)
def import_validate_task(run_id: int) -> None:
    from .import_services import import_validate

    import_validate(run_id=run_id)


@shared_task(time_limit=IMPORT_TASK_TIME_LIMIT, soft_time_limit=IMPORT_TASK_TIME_LIMIT - 2 * 60)
def import_commit_task(run_id: int) -> None:
    from .import_services import import_commit

    import_commit(run_id=run_id)
