"""Tunable numbers of this app, overridable in settings (tests set small ones)."""

from django.conf import settings

from .writer import EXCEL_MAX_DATA_ROWS

IMPORT_TASK_TIME_LIMIT = 20 * 60  # seconds, for both import tasks (ledgers.tasks) and the sweeper


def sheet_max_rows() -> int:
    """Data rows per sheet before the ledger continues on a new sheet."""
    return getattr(settings, "LEDGER_SHEET_MAX_ROWS", EXCEL_MAX_DATA_ROWS)


def sync_max_rows() -> int:
    """Exports up to this many rows download at once; larger ones run as a background job."""
    return getattr(settings, "LEDGER_SYNC_MAX_ROWS", 5000)


def import_max_bytes() -> int:
    """The data-file size limit of the policy settings (common.files), unless settings pin one."""
    from common.files import XLSX, max_bytes

    return getattr(settings, "LEDGER_IMPORT_MAX_BYTES", None) or max_bytes({XLSX})
