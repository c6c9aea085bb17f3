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


# Links on the case page offered by higher apps (appeals: "登记申诉"). A provider gets the case
# and the reader and returns (label, url) pairs, or none; it is asked once per page view.
CaseLink = tuple[str, str]
_case_links: list[Callable[[Any, Any], list[CaseLink]]] = []


def add_case_link(provider: Callable[[Any, Any], list[CaseLink]]) -> None:
    if provider not in _case_links:
        _case_links.append(provider)


def case_links(case: Any, user: Any) -> list[CaseLink]:
    """Every higher app's links for ``case`` as ``user`` sees it."""
    return [link for provider in _case_links for link in provider(case, user)]
