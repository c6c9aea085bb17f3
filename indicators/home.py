"""The role homes: what waits for the user today, from the selectors of the apps that own the data
(monitoring directly; sibling apps such as clues through ``common.home``).

Each list is a bounded slice read in one query (its related rows joined), with its total counted
once, so the home page costs the same for a village of 30 households as for a county of 30,000.
"""

from typing import Any

from accounts.models import Role, User
from accounts.scope import user_may
from common.home import home_counters, home_work_of_apps
from monitoring.selectors import open_review_rounds, queue_counts, waiting_for

SHOWN = 8  # rows per list; the "all" link leads to the full list


def _slice(queryset: Any) -> dict[str, Any]:
    rows = list(queryset[: SHOWN + 1])
    return {"rows": rows[:SHOWN], "more": len(rows) > SHOWN}


def home_work(user: User) -> dict[str, Any] | None:
    """The work lists of ``user``'s home; None for users without a work role (viewers, departments)."""
    cadre = user_may(user, Role.VILLAGE)
    approver = user_may(user, Role.TOWNSHIP, Role.COUNTY)
    if not (cadre or approver):
        return None
    work: dict[str, Any] = {
        "cadre": cadre,
        "approver": approver,
        "counts": queue_counts(user),
        "cases": _slice(waiting_for(user)),
        **home_work_of_apps(user),  # clues (a sibling app) through common.home
        "counters": home_counters(user),  # programmes' waiting work (employment, loans, 运维基金)
    }
    if cadre:
        work["rounds"] = _slice(open_review_rounds(user))
    return work
