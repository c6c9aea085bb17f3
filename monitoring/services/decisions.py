"""Reject and return, available at every step, and re-submission after a return to step 1."""

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import ServiceError

from ..models import Case, CaseStep
from .evidence import attach, take_evidence
from .steps import STEP_NAMES, advance, log_step, require_step


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ServiceError(_("请填写理由。"), code="reason", field="reason")
    return reason.strip()


@transaction.atomic
def case_reject(*, case: Case, by: User, reason: str) -> Case:
    """不予通过 at the case's current step. Enrolment closes (未纳入); an exit returns the case to
    监测中, where it was before the exit was nominated."""
    step = case.step
    role = require_step(case, step, by)
    reason = _reason(reason)
    procedure = case.procedure
    cleared = {"notice_start": None, "notice_end": None}
    if case.status == Case.Status.ENROLLING:
        advance(case, to_status=Case.Status.REJECTED, to_step=0, by=by, **cleared)
    else:
        advance(case, to_status=Case.Status.MONITORED, to_step=0, by=by, elimination_type="", **cleared)
    log_step(
        case,
        procedure=procedure,
        step=step,
        decision=CaseStep.Decision.REJECT,
        by=by,
        role=role,
        opinion=reason,
    )
    return case


@transaction.atomic
def case_return(*, case: Case, by: User, reason: str) -> Case:
    """退回上一步. Going back before step 4 voids the public notice: the deliberation is redone."""
    step = case.step
    role = require_step(case, step, by)
    if step <= 1:
        raise ServiceError(_("村提名是第一步，不能再退回；请修改后重新提交，或不予通过。"), code="step")
    reason = _reason(reason)
    fields = {"notice_start": None, "notice_end": None} if step <= 4 else {}
    procedure = case.procedure
    advance(case, to_status=case.status, to_step=step - 1, by=by, **fields)
    log_step(
        case, procedure=procedure, step=step, decision=CaseStep.Decision.RETURN, by=by, role=role,
        opinion=reason, details={"to_step": step - 1, "to_step_name": str(STEP_NAMES[step - 1])},
    )  # fmt: skip
    return case


@transaction.atomic
def case_resubmit(*, case: Case, by: User, evidence: str, attachment: "File[bytes] | None" = None) -> Case:
    """Step 1 again after a return from step 2: the village corrects the nomination (a new file is
    optional: the first nomination's evidence stays on record)."""
    role = require_step(case, 1, by)
    if not evidence.strip():
        raise ServiceError(_("请填写补充说明。"), code="evidence", field="evidence")
    procedure = case.procedure
    taken = take_evidence(
        village=case.village, procedure=procedure, step=1, files={"attachment": attachment}, optional=True
    )
    advance(case, to_status=case.status, to_step=2, by=by, evidence=evidence.strip())
    step = log_step(
        case,
        procedure=procedure,
        step=1,
        decision=CaseStep.Decision.PASS,
        by=by,
        role=role,
        opinion=evidence,
    )
    attach(step, taken)
    return case
