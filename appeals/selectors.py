"""Reads of appeals: which decisions of a case may be appealed, what waits for a user."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.scope import scope_region_ids
from monitoring.models import Case, CaseStep

from .models import Appeal

# The role that acts at each open status (the workflow's table says the same, per action).
STATUS_ROLES: dict[str, str] = {
    Appeal.Status.TOWNSHIP: Role.TOWNSHIP,
    Appeal.Status.COUNTY: Role.COUNTY,
    Appeal.Status.INFORMING: Role.VILLAGE,
}


def decision_kind(step: CaseStep, case: Case, steps: list[CaseStep] | None = None) -> str | None:
    """The appeal kind of ``step`` of ``case``, or None when it may not be appealed.

    - an enrolment's 不予通过 that closed the case (未纳入);
    - the county's elimination (exit step 5 passed) while the case is still 风险已消除, the latest one;
    - an objection recorded during the public notice (公示异议), whatever came of the case.
    ``steps``: the case's steps in order, when the caller has them (spares a query).
    """
    if step.decision == CaseStep.Decision.NOTE and (step.details or {}).get("kind") == "objection":
        return Appeal.Kind.OBJECTION
    if (
        step.procedure == CaseStep.Procedure.ENROLMENT
        and step.decision == CaseStep.Decision.REJECT
        and case.status == Case.Status.REJECTED
    ):
        return Appeal.Kind.REJECTION
    if (
        step.procedure == CaseStep.Procedure.EXIT
        and step.step == 5
        and step.decision == CaseStep.Decision.PASS
        and case.status == Case.Status.ELIMINATED
    ):
        eliminations = [
            s
            for s in (steps if steps is not None else list(case.steps.order_by("at", "id")))
            if s.procedure == CaseStep.Procedure.EXIT and s.step == 5 and s.decision == CaseStep.Decision.PASS
        ]
        if eliminations and eliminations[-1].pk == step.pk:
            return Appeal.Kind.ELIMINATION
    return None


def appealable_decisions(case: Case) -> list[tuple[CaseStep, str]]:
    """The decisions of ``case`` that may be appealed now (no open appeal on them), oldest first.

    Two queries, or one when the case's steps were prefetched (the case page)."""
    steps = list(case.steps.all())
    steps.sort(key=lambda s: (s.at, s.pk))
    taken = set(Appeal.objects.open().filter(case=case).values_list("decision_id", flat=True))
    found = []
    for step in steps:
        kind = decision_kind(step, case, steps)
        if kind is not None and step.pk not in taken:
            found.append((step, kind))
    return found


def _mine(user: User) -> Q:
    """Appeals at a step ``user`` acts on, in the scope of the role of that step."""
    mine = Q(pk__in=[])
    for status, role in STATUS_ROLES.items():
        if user.has_role(role):
            mine |= Q(status=status, village__in=scope_region_ids(user, (role,)))
    return mine


def waiting_for(user: User) -> QuerySet[Appeal]:
    """Appeals waiting for one of ``user``'s roles, soonest deadline first (overdue first)."""
    appeals = Appeal.objects.open().select_related("household", "village")
    if user.is_superuser:
        return appeals.order_by("due_on", "pk")
    return appeals.filter(_mine(user)).order_by("due_on", "pk")


HOME_ROWS = 8


def home_work(user: User) -> dict[str, Any]:
    """The appeals section of the role homes (registered in ``common.home`` at ready())."""
    if not user.has_role(*STATUS_ROLES.values()) and not user.is_superuser:
        return {}
    appeals = waiting_for(user)
    rows = list(appeals[: HOME_ROWS + 1])
    return {"appeals": {"rows": rows[:HOME_ROWS], "more": len(rows) > HOME_ROWS, "count": appeals.count()}}
