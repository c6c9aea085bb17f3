"""今日应走访 on the cadre's home (registered with ``common.home.add_home_work``): the households of
the cadre's grid cells due today or overdue, the first few with the count and a link to 待走访."""

from typing import Any

from django.utils import timezone

from accounts.models import Role, User
from accounts.scope import user_may

from .selectors import visits_due

SHOWN = 8


def home_visits_due(user: User) -> dict[str, Any]:
    if not user_may(user, Role.VILLAGE):
        return {}
    today = timezone.localdate()
    due = visits_due(user).filter(next_visit_due__lte=today)
    rows = list(due[: SHOWN + 1])
    for row in rows:
        row.overdue_days = (today - row.next_visit_due).days  # type: ignore[attr-defined]  # for the page
    count = len(rows) if len(rows) <= SHOWN else due.count()
    return {"grading_due": {"rows": rows[:SHOWN], "more": len(rows) > SHOWN, "count": count}}
