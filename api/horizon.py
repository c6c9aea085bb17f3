"""The sync horizon: the instant before which every change is committed.

``updated_at`` is stamped when a row is saved, not when its transaction commits. A transaction
that stamps a row at 10:00:00 and commits at 10:02 (a bulk import, say) makes the row appear
*behind* a client that pulled in between: its cursor and its largest ``updated_at`` have passed
10:00:00, so neither the rest of that pull nor an ``updated_since`` pull from that largest value
would ever deliver it. Every change not yet committed was stamped after its transaction began,
so nothing can still appear before the start of the oldest transaction in flight: that instant
(less a margin for the application servers' clocks) is where the next incremental pull must
start. Rows after it may come twice, never zero times.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

OLDEST_TRANSACTION = """
    SELECT min(xact_start) FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend' AND xact_start IS NOT NULL
"""


def sync_horizon() -> datetime.datetime:
    """Now, or the start of the oldest open transaction on this database if earlier, less
    ``API_CLOCK_MARGIN_SECONDS``. SQLite has one writer at a time and no such view: now."""
    horizon = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(OLDEST_TRANSACTION)
            oldest = cursor.fetchone()[0]
        if oldest is not None:
            horizon = min(horizon, oldest)
    return horizon - datetime.timedelta(seconds=settings.API_CLOCK_MARGIN_SECONDS)
