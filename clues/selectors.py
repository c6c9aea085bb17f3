"""Reads over clues that other pages share: the clues waiting for a user (role homes)."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.scope import scope_region_ids

from .models import Clue

# Which clues wait for which role (the clue workflow: the township dispatches, the village verifies).
WAITING = {
    Role.TOWNSHIP: (Clue.Status.NEW,),
    Role.VILLAGE: (Clue.Status.DISPATCHED, Clue.Status.VERIFYING),
}


def clues_waiting_for(user: User) -> QuerySet[Clue]:
    """Clues the user should act on, in the scope of the role that acts, oldest first."""
    wanted = Q(pk__in=[])
    for role, statuses in WAITING.items():
        if not (user.is_superuser or user.has_role(role)):
            continue
        in_scope = Q() if user.is_superuser else Q(household__village__in=scope_region_ids(user, [role]))
        wanted |= in_scope & Q(status__in=statuses)
    return (
        Clue.objects.visible_to(user)
        .filter(wanted)
        .select_related("household", "household__village")
        .order_by("created_at", "pk")
    )


HOME_ROWS = 8


def home_work(user: User) -> dict[str, Any]:
    """The clues section of the role homes (registered in ``common.home`` at ready())."""
    clues = clues_waiting_for(user)
    rows = list(clues[: HOME_ROWS + 1])
    return {"clues": {"rows": rows[:HOME_ROWS], "more": len(rows) > HOME_ROWS}, "clue_count": clues.count()}
