"""Exporting a ledger: scoped rows → streaming xlsx, with its ExportLog row."""

import time
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_regions
from common.errors import ServiceError
from common.models import Job
from regions.models import Region

from . import conf
from .models import ExportLog
from .registry import Filters, Ledger
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
        columns=ledger.columns,
        max_rows=max_rows or conf.sheet_max_rows(),
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
