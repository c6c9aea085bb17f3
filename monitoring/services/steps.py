"""The five steps as data (the case workflow's transition table), and the guarded write every
transition goes through."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.workflow import Transition, Workflow, transition

from ..models import STEP_NAMES, Case, CaseStep
from ..notifications import case_moved

# Who owns each step (SPEC 4); STEP_NAMES lives with the model for templates.
STEP_ROLES = {1: Role.VILLAGE, 2: Role.VILLAGE, 3: Role.VILLAGE, 4: Role.TOWNSHIP, 5: Role.COUNTY}
__all__ = ["CASE_WORKFLOW", "STEP_NAMES", "STEP_ROLES", "advance", "log_step", "require_step"]


def _at_step(step: int) -> Callable[[Case], bool]:
    return lambda case: case.in_procedure and case.step == step


def _step_owner(case: Case) -> str:
    return STEP_ROLES.get(case.step, Role.VILLAGE)


# The case workflow: every action by its one name, shared by the page (monitoring.actions) and the
# API. The state is (status, step), so the sources are predicates. The services check again with
# their own, more precise messages (``require_step``).
CASE_WORKFLOW = Workflow(
    model=Case,
    region=lambda case: case.village,
    transitions={
        "resubmit": Transition(_at_step(1), Role.VILLAGE),
        "verify": Transition(_at_step(2), Role.VILLAGE),
        "deliberate": Transition(_at_step(3), Role.VILLAGE),
        "objection": Transition(lambda case: _at_step(4)(case) and case.notice_running, Role.VILLAGE),
        "review": Transition(_at_step(4), Role.TOWNSHIP),
        "decide": Transition(_at_step(5), Role.COUNTY),
        "return": Transition(lambda case: case.in_procedure and case.step > 1, _step_owner),
        "reject": Transition(lambda case: case.in_procedure, _step_owner),
        "nominate_exit": Transition(lambda case: case.status == Case.Status.MONITORED, Role.VILLAGE),
        "rollback": Transition(lambda case: case.status == Case.Status.ELIMINATED, Role.COUNTY),
    },
)


def require_step(case: Case, step: int, by: User) -> str:
    """Role check over the case's village, then the transition check: the case is in a procedure
    and waits for ``step``. Returns the role that acts. A step taken out of order names the step
    the case actually waits for."""
    role = STEP_ROLES.get(step)
    # A case out of procedure (step 0) has no step owner: any of them learns it is not in procedure.
    require_role(by, *([role] if role else STEP_ROLES.values()), region=case.village)
    if not case.in_procedure:
        raise ServiceError(
            _("该监测对象当前状态为“%(status)s”，不在办理程序中。") % {"status": case.get_status_display()},
            code="state",
        )
    if case.step != step:
        raise ServiceError(
            _("该监测对象当前待办步骤为“%(current)s”，不能办理“%(asked)s”。")
            % {"current": STEP_NAMES.get(case.step, case.step), "asked": STEP_NAMES[step]},
            code="step",
        )
    return STEP_ROLES[step]


def advance(case: Case, *, to_status: str, to_step: int, by: User, **fields: Any) -> None:
    """Move ``case`` from the (status, step) it was read in, through the one guarded write
    (``common.workflow.transition``): a second click, or someone acting first, is a ``Conflict``."""
    from_status, from_step = case.status, case.step
    transition(case, to={"status": to_status, "step": to_step}, by=by, step_since=timezone.now(), **fields)
    step_role = STEP_ROLES.get(to_step) if case.in_procedure else None
    case_moved(case, from_status=from_status, from_step=from_step, by=by, step_role=step_role)


def log_step(
    case: Case,
    *,
    procedure: str,
    step: int,
    decision: str,
    by: User,
    role: str,
    opinion: str = "",
    details: dict[str, Any] | None = None,
) -> CaseStep:
    return CaseStep.objects.create(
        case=case,
        procedure=procedure,
        step=step,
        decision=decision,
        opinion=opinion,
        details=details or {},
        by=by,
        role=role,
    )
