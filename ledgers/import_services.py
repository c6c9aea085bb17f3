"""Imports: upload → dry run (row errors as a workbook) → commit, all or nothing.

A kind that keeps its plan (``ImportKind.keep``, the households) writes the dry run's valid plan
to a file; the commit, inside its transaction, writes that plan when the file and the register are
unchanged since (``ImportKind.kept``), and otherwise validates the file again, as every commit of
the other kinds does. Any error then rolls everything back and the run shows the new report.
"""

import contextlib
import logging
import os
import tempfile
from datetime import timedelta
from typing import Any, Protocol

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import Conflict, ServiceError
from common.files import XLSX, validate_upload
from common.jobs import failure_reason, send_task

from . import conf
from .conf import IMPORT_TASK_TIME_LIMIT
from .imports import IMPORT_KINDS, ImportKind, plans
from .imports.reading import FileRefused, RowError, check_upload, write_error_workbook
from .models import ImportRun
from .tasks import import_commit_task, import_validate_task

PREVIEW_ERRORS = 50


class ImportPlan(Protocol):
    """What every import kind's ``validate`` returns and its ``commit`` takes."""

    rows: int
    errors: list[RowError]

    def summary(self) -> dict[str, Any]: ...


log = logging.getLogger(__name__)


@transaction.atomic
def import_start(*, kind: str, upload: "UploadedFile[bytes]", by: User) -> ImportRun:
    """Check the upload is plausibly an xlsx and store it as a run; its dry run is queued on commit."""
    spec = IMPORT_KINDS.get(kind)
    if spec is None or not spec.allowed(by):
        raise ServiceError(_("您的角色不能进行该类导入。"), code="forbidden")
    head = upload.read(8)
    upload.seek(0)
    try:
        check_upload(head, upload.size or 0, conf.import_max_bytes())
    except FileRefused as refused:
        raise ServiceError(refused.message, code="bad_file", field="file") from None
    original_name = (upload.name or "")[:200]
    validate_upload(upload, allowed={XLSX}, field="file")
    run = ImportRun.objects.create(kind=kind, file=upload, original_name=original_name, created_by=by)
    transaction.on_commit(lambda: send_task(import_validate_task, [run.pk]))
    return run


def _validate(run: ImportRun) -> ImportPlan:
    spec = IMPORT_KINDS[run.kind]
    with run.file.open("rb"):
        plan: ImportPlan = spec.validate(run.file.path, run.created_by)
    return plan


def _keep_plan(run: ImportRun, spec: ImportKind, plan: ImportPlan, file_sha: str) -> None:
    """Store a valid plan for the commit; without it (a full disk …) the commit validates again."""
    if spec.keep is None or plan.errors:
        return
    keep = spec.keep
    fd, path = tempfile.mkstemp(suffix=".plan")
    try:
        with os.fdopen(fd, "w+b") as fh:
            plans.write(fh, file_sha, lambda out: keep(plan, out))
            fh.seek(0)
            run.plan.save(f"plan_{run.pk}.bin", File(fh), save=False)
    except Exception:  # the plan only saves work: without it the commit validates again
        log.exception("import run %s: plan not kept, the commit will validate again", run.pk)
    finally:
        os.unlink(path)


def _kept_plan(run: ImportRun, spec: ImportKind, stack: contextlib.ExitStack) -> ImportPlan | None:
    """The dry run's plan, when it was made from this file and the register has not changed since."""
    if spec.kept is None or not run.plan:
        return None
    try:
        source = stack.enter_context(open(run.plan.path, "rb"))
    except OSError:
        return None
    if not plans.open_for(source, plans.file_sha256(run.file.path)):
        log.warning("import run %s: kept plan not for this file, validating again", run.pk)
        return None
    plan: ImportPlan | None = spec.kept(source, run.created_by)
    return plan


def _drop_plan(run: ImportRun) -> None:
    if run.plan:
        run.plan.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(plan="")


def _record_errors(run: ImportRun, plan: ImportPlan) -> None:
    run.error_count = len(plan.errors)
    run.rows = plan.rows
    run.summary = {
        **plan.summary(),
        "preview": [[e.row, e.column, e.value, e.reason] for e in plan.errors[:PREVIEW_ERRORS]],
    }
    if plan.errors:
        fd, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(fd)
        try:
            write_error_workbook(path, plan.errors)
            with open(path, "rb") as fh:
                run.errors_file.save(f"errors_{run.pk}.xlsx", File(fh), save=False)
        finally:
            os.unlink(path)


def _end_failed(run: ImportRun, exc: BaseException, doing: str) -> None:
    """A run the worker could not finish ends as 导入失败 with the reason, never stays in progress."""
    log.exception("import run %s failed while %s", run.pk, doing)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.FAILED,
        message=_("%(doing)s失败，未写入任何数据：%(reason)s")
        % {"doing": doing, "reason": failure_reason(exc)},
    )


def import_validate(*, run_id: int) -> ImportRun:
    """The dry run: read and check every row, write nothing but the run's report."""
    run = ImportRun.objects.get(pk=run_id)
    if run.status != ImportRun.Status.VALIDATING:
        return run
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
    try:
        file_sha = plans.file_sha256(run.file.path)
        plan = _validate(run)
    except FileRefused as refused:
        run.status, run.message = ImportRun.Status.INVALID, refused.message
        run.save()
        return run
    except Exception as exc:
        _end_failed(run, exc, _("校验"))
        raise
    _record_errors(run, plan)
    _keep_plan(run, IMPORT_KINDS[run.kind], plan, file_sha)
    run.status = ImportRun.Status.INVALID if plan.errors else ImportRun.Status.VALID
    run.message = (
        _("发现 %(n)d 处错误，请下载错误报告修改后重新上传；本次未写入任何数据。") % {"n": len(plan.errors)}
        if plan.errors
        else _("校验通过，确认后导入。")
    )
    run.save()
    return run


@transaction.atomic
def import_queue_commit(*, run: ImportRun, by: User) -> ImportRun:
    """Compare-and-set valid → committing: a double click queues one commit (on commit)."""
    if run.created_by_id != by.pk and not by.is_superuser:
        raise ServiceError(_("只能确认本人上传的文件。"), code="forbidden")
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.VALID).update(
        status=ImportRun.Status.COMMITTING, heartbeat_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("该文件不处于待确认状态，可能已导入或正在导入。"))
    transaction.on_commit(lambda: send_task(import_commit_task, [run.pk]))
    return run


def import_commit(*, run_id: int) -> ImportRun:
    """Write the kept plan, or validate again, and write everything in one transaction, or nothing."""
    run = ImportRun.objects.get(pk=run_id)
    if run.status != ImportRun.Status.COMMITTING:
        return run
    spec = IMPORT_KINDS[run.kind]
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
    try:
        with transaction.atomic(), contextlib.ExitStack() as stack:
            plan = _kept_plan(run, spec, stack)
            if plan is None:
                plan = _validate(run)
                if plan.errors:
                    raise _Invalid(plan)
            summary = spec.commit(plan, run.created_by)
    except _Invalid as invalid:
        _record_errors(run, invalid.plan)
        run.status = ImportRun.Status.INVALID
        run.message = _("数据在校验后发生变化，发现 %(n)d 处错误；本次未写入任何数据。") % {
            "n": run.error_count
        }
    except FileRefused as refused:
        run.status, run.message = ImportRun.Status.INVALID, refused.message
    except Exception as exc:
        # Rolled back; leave the run in a state the user can read instead of "importing" for ever.
        _end_failed(run, exc, _("导入"))
        raise
    else:
        run.status, run.committed_at = ImportRun.Status.COMMITTED, timezone.now()
        run.summary = {**run.summary, **summary, "preview": []}
        run.message = _("导入完成。")
    finally:
        _drop_plan(run)  # used, or stale: a later commit would validate again anyway
    run.save()
    return run


def imports_sweep() -> int:
    """Runs still 校验中/导入中 well past the task's hard time limit lost their worker: fail them."""
    cutoff = timezone.now() - timedelta(seconds=IMPORT_TASK_TIME_LIMIT + 5 * 60)
    stuck = ImportRun.objects.filter(
        status__in=(ImportRun.Status.VALIDATING, ImportRun.Status.COMMITTING), heartbeat_at__lt=cutoff
    )
    count = 0
    for run_id, status in stuck.values_list("pk", "status"):
        doing = _("校验") if status == ImportRun.Status.VALIDATING else _("导入")
        count += ImportRun.objects.filter(pk=run_id, status=status).update(
            status=ImportRun.Status.FAILED,
            message=_("%(doing)s中断（后台进程被终止或超时），未写入任何数据，请重新上传。")
            % {"doing": doing},
        )
        log.warning("import run %s swept as failed", run_id)
    return count


class _Invalid(Exception):
    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("invalid")
        self.plan = plan
