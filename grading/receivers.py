"""Recompute a household's grade when something that feeds it changes, once per transaction.

Every change (a visit, an income record, a member, a clue) queues its household; one on-commit
callback per transaction recomputes them together, so a bulk import costs one recompute.
"""

import threading
from typing import Any

from django.db import transaction

from .services.grades import grades_recompute

_pending = threading.local()


def queue_household(household_id: int | None) -> None:
    if not household_id:
        return
    ids: set[int] | None = getattr(_pending, "ids", None)
    # A rolled-back transaction drops our callback with it: then start a fresh set.
    registered = any(entry[1] is _flush for entry in transaction.get_connection().run_on_commit)
    if ids is not None and registered:
        ids.add(household_id)
        return
    _pending.ids = {household_id}
    transaction.on_commit(_flush)  # outside a transaction this runs at once


def _flush() -> None:
    ids = getattr(_pending, "ids", None) or set()
    _pending.ids = None
    if ids:
        grades_recompute(households=ids)


def on_visit(sender: Any, visit: Any, by: Any = None, **kwargs: Any) -> list[Any]:
    queue_household(visit.household_id)
    return []  # visit_recorded receivers return what they raised: nothing here


def on_household_row(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        queue_household(getattr(instance, "household_id", None))
