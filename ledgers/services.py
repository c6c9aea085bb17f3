"""Exports: every download starts in ``export_start`` (now, or as a job); a ledger is written as a
streaming xlsx from scoped rows, with its ExportLog row."""

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_regions
from common.errors import ServiceError
from common.jobs import job_launch
from common.models import Job
from regions.models import Region

from . import conf
from .columns import columns_for
from .models import ExportLog
from .registry import LEDGERS, Filters, Ledger
from .writer import LedgerWriter


def check_filters(ledger: Ledger, user: User, filters: Filters) -> None:
    """Refuse what the user may not ask for: another role's ledger, a region outside the scope."""
    if not ledger.allowed(user):
        raise ServiceError(_("您的角色不能导出该台账。"), code="forbidden")
    if (
        filters.region is not None
        and not Region.objects.visible_to(user).filter(pk=filters.region.pk).exists()
    ):
        raise ServiceError(_("所选区域不在您的管辖范围内。"), code="region_scope", field="region")


def export_region(user: User, filters: Filters) -> Region | None:
    """The region an export covers, for the title row and the log."""
    if filters.region is not None:
        return filters.region
    roots = sorted(scope_regions(user), key=lambda r: r.depth)
    return roots[0] if roots else None


def display_name(user: User) -> str:
    """Chinese order: family name first, no space."""
    return f"{user.last_name}{user.first_name}".strip() or user.username


def title_line(ledger: Ledger, user: User, region: Region | None) -> str:
    where = region.full_name or region.name if region else _("全部")
    who = display_name(user)
    return _("%(ledger)s　区域：%(region)s　导出日期：%(date)s　导出人：%(who)s") % {
        "ledger": ledger.title,
        "region": where,
        "date": timezone.localdate().isoformat(),
        "who": who,
    }


def ledger_export(
    *,
    ledger: Ledger,
    by: User,
    filters: Filters,
    path: str,
    job: Job | None = None,
    progress: Callable[[int], object] | None = None,
    max_rows: int | None = None,
) -> ExportLog:
    """Write the ledger for ``by`` to ``path`` and log it. Rows come from ``visible_to(by)``."""
    check_filters(ledger, by, filters)
    started = time.monotonic()
    region = export_region(by, filters)
    full_ids = by.sees_full_ids()
    writer = LedgerWriter(
        path,
        sheet_title=str(ledger.title),
        title_line=title_line(ledger, by, region),
        columns=columns_for(ledger.columns, full_ids=full_ids),
        max_rows=max_rows or conf.sheet_max_rows(),
        numbered=ledger.numbered,
    )
    try:
        rows = writer.write(ledger.iter_cells(ledger.rows_for(by, filters), full_ids=full_ids), progress)
    finally:
        writer.close()
    return ExportLog.objects.create(
        user=by,
        ledger=ledger.key,
        title=str(ledger.title),
        region=region,
        filters=filters.as_json(),
        rows=rows,
        masked=not full_ids,
        duration_ms=int((time.monotonic() - started) * 1000),
        job=job,
    )


def export_filename(ledger: Ledger) -> str:
    return f"{ledger.title}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"


# -- starting an export: download now or job -------------------------------------------------------


@dataclass(frozen=True)
class Download:
    """An export written within the request: an open file (the response closes it) and its name."""

    file: IO[bytes]
    filename: str


@dataclass(frozen=True)
class ExportKind:
    """One kind of export. ``params`` is JSON (it becomes the job's params); every function checks
    what ``by`` may export and raises ``ServiceError`` otherwise."""

    key: str  # also the Job's kind
    rows: Callable[[User, dict[str, Any]], int]  # (by, params) -> how many rows the export holds
    write: Callable[[User, dict[str, Any]], Download]  # (by, params) -> the file, written now
    title: Callable[[dict[str, Any], int], str]  # (params, rows) -> the job's title
    task: Callable[[], Any]  # () -> the Celery task (imported late: task modules import services)
    args: Callable[[Job], list[Any]]  # job -> the task's arguments
    sync_max_rows: Callable[[], int] = conf.sync_max_rows


EXPORTS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> ExportKind:
    """Apps below ledgers cannot call ``export_start``; ledgers registers their exports instead."""
    EXPORTS[kind.key] = kind
    return kind


@transaction.atomic
def export_start(*, kind: str, by: User, params: dict[str, Any]) -> Download | Job:
    """The one place deciding "download now or job" for every export: up to the kind's limit the
    file is written within the request; a larger export becomes a Job (its page shows progress and
    offers the file) whose task is queued once the job row is committed."""
    export = EXPORTS[kind]
    rows = export.rows(by, params)
    if rows <= export.sync_max_rows():
        return export.write(by, params)
    # job_launch queues on commit; a broker that is down leaves no job and answers at once.
    return job_launch(
        kind=export.key,
        title=export.title(params, rows),
        by=by,
        params=params,
        total=rows,
        task=export.task(),
        args=export.args,
    )


def _ledger(params: dict[str, Any]) -> Ledger:
    ledger = LEDGERS.get(params.get("ledger", ""))
    if ledger is None:
        raise ServiceError(_("没有该台账。"), code="unknown_ledger")
    return ledger


def _ledger_rows(by: User, params: dict[str, Any]) -> int:
    ledger, filters = _ledger(params), Filters.from_json(params.get("filters", {}))
    check_filters(ledger, by, filters)
    return ledger.rows_for(by, filters).count()


def _ledger_write(by: User, params: dict[str, Any]) -> Download:
    ledger = _ledger(params)
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        ledger_export(ledger=ledger, by=by, filters=Filters.from_json(params.get("filters", {})), path=path)
        handle = open(path, "rb")  # noqa: SIM115 - the response closes it
    finally:
        # The open handle keeps the data readable; the name goes now so nothing is left behind.
        os.unlink(path)
    return Download(handle, export_filename(ledger))


def _ledger_task() -> Any:
    from .tasks import ledger_export_task  # the task module imports this one

    return ledger_export_task


register_export(
    ExportKind(
        key="ledger_export",
        rows=_ledger_rows,
        write=_ledger_write,
        title=lambda params, rows: f"{_ledger(params).title}（{rows}行）",
        task=_ledger_task,
        args=lambda job: [job.pk],
    )
)
