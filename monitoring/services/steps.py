"""The five steps as data, and the one guarded write every transition goes through."""

from django.utils.translation import gettext as _

from accounts.models import Role
from common.errors import Conflict

from ..models import Case, CaseStep

# 村提名 → 入户核实 → 村级评议 → 乡镇联合审核 → 县审定, the same way in and out (Fengdu plan, line 268).
STEP_ROLES = {1: Role.VILLAGE, 2: Role.VILLAGE, 3: Role.VILLAGE, 4: Role.TOWNSHIP, 5: Role.COUNTY}
STEP_NAMES = {1: "村提名", 2: "入户核实", 3: "村级评议", 4: "乡镇联合审核", 5: "县审定"}


def advance(case: Case, *, to_status: str, to_step: int, **fields) -> None:
    """Compare-and-set: move ``case`` from the state it was read in, or fail if someone moved it first.

    Two people pressing the same button at once: the second UPDATE matches no row and raises.
    """
    updated = Case.objects.filter(pk=case.pk, status=case.status, step=case.step).update(
        status=to_status, step=to_step, **fields
    )
    if not updated:
        raise Conflict(_("该监测对象已被他人办理，请刷新后重试。"), code="stale")
    case.status, case.step = to_status, to_step
    for name, value in fields.items():
        setattr(case, name, value)


def log_step(
    case: Case,
    *,
    procedure: str,
    step: int,
    decision: str,
    by,
    role: str,
    opinion: str = "",
    details: dict | None = None,
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
