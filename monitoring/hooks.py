"""What higher apps plug into monitoring at ``ready()``, so monitoring never imports them.

帮扶责任人 (contacts) live in assistance, above monitoring; yet the county decision of an
enrolment and the work queue must know which cases have none. Assistance sets the one rule here
(``assistance.rules.cases_without_contact``); monitoring only calls it.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

_cases_without_contact: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None


def set_cases_without_contact(rule: Callable[[QuerySet[Any]], QuerySet[Any]]) -> None:
    global _cases_without_contact
    _cases_without_contact = rule


def cases_without_contact(cases: QuerySet[Any]) -> QuerySet[Any]:
    """``cases`` narrowed to those with no current 帮扶责任人; none when no app set the rule."""
    if _cases_without_contact is None:
        return cases.none()
    return _cases_without_contact(cases)
