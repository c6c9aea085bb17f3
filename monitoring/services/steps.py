"""The five steps as data, and the one guarded write every transition goes through."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import Conflict, ServiceError

from ..models import STEP_NAMES, Case, CaseStep

# Who owns each step (SPEC 4); STEP_NAMES lives with the model for templates.
STEP_ROLES = {1: Role.VILLAGE, 2: Role.VILLAGE, 3: Role.VILLAGE, 4: Role.TOWNSHIP, 5: Role.COUNTY}
__all__ = ["STEP_NAMES", "STEP_ROLES", "advance", "log_step", "require_step"]


def require_step(case: Case, step: int, by: User) -> str:
    """Role check over the case's village, then the transition check: the case is in a procedure
    and waits for ``step``. Returns the role that acts. A step taken out of order names the step
    the case actually waits for."""
    role = STEP_ROLES[step]
    require_role(by, role, region=case.village)
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
    return role


def advance(case: Case, *, to_status: str, to_step: int, by: User | None = None, **fields: Any) -> None:
    """Compare-and-set: move ``case`` from the state it was read in, or fail if someone moved it first.

    Two people pressing the same button at once: the second UPDATE matches no row and raises.
    ``by`` goes into the case history (the UPDATE bypasses ``save()``, so history is written here).
    """
    now = timezone.now()
    updated = Case.objects.filter(pk=case.pk, status=case.status, step=case.step).update(
        status=to_status, step=to_step, step_since=now, updated_at=now, **fields
    )
    if not updated:
        raise Conflict(_("该监测对象已被他人办理，请刷新后重试。"), code="stale")
    case.status, case.step, case.step_since, case.updated_at = to_status, to_step, now, now
    for name, value in fields.items():
        setattr(case, name, value)
    if by is not None:
        _record_history(case, by)


def _record_history(case: Case, by: User) -> None:
    case._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    case.history.model.objects.create(
        **{f.attname: getattr(case, f.attname) for f in Case._meta.fields},
        history_date=timezone.now(),
        history_type="~",
        history_user=by,
        history_change_reason="",
    )


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
