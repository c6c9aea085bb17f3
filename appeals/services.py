"""State changes of appeals (申诉/复核). Pages, the admin and the demo call these, never the models.

登记 (village) → 乡镇复核 (township: ``forward`` to the county or ``dismiss``) → 县级复核 (county:
``uphold`` or ``overturn``) → 结果告知 (village: ``inform``, closes). Each step has a deadline
(policy ``appeal_township_days`` / ``appeal_county_days`` / ``appeal_inform_days``, from the day
the appeal reached it). Every move notifies the users of the next step and the village's cadres
(never the one who acted), once the transaction commits.

**An overturned decision does not change the case by itself**: enrolment and elimination are
decided by the five steps. What ``appeal_overturn`` does, by kind:

- 风险消除: the county's own rollback (``monitoring.services.case_rollback``, SPEC 4: "the county may
  roll back an elimination") returns the case to 监测中, when the case is still eliminated and the
  household has no other open case; otherwise nothing is rolled back and the follow-up says why.
- 不予纳入: nothing changes; the village is told to nominate the household again (村提名), and the
  five steps decide — the new case links the rejected one (再标注).
- 公示异议: nothing changes; the village and township are told to deal with the case again through
  the procedure (return, reject or re-nominate as the case's state allows).
The follow-up is stored on the appeal (``follow_up``) and shown on its page and in the ledger.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.files import validate_upload
from common.notify import notify
from common.policies import policy_int
from common.workflow import Transition, Workflow, transition
from monitoring.models import Case, CaseStep
from monitoring.notifications import notify_region_on_commit, users_over_region
from monitoring.services import case_rollback

from .models import Appeal, AppealAttachment, AppealStep
from .selectors import STATUS_ROLES, decision_kind

S = Appeal.Status
APPEAL_WORKFLOW = Workflow(
    model=Appeal,
    region=lambda appeal: appeal.village,
    transitions={
        # 乡镇复核: the township supports the appeal and sends it up, or dismisses it.
        "forward": Transition({S.TOWNSHIP}, Role.TOWNSHIP, S.COUNTY),
        "dismiss": Transition({S.TOWNSHIP}, Role.TOWNSHIP, S.INFORMING),
        # 县级复核: the decision appealed stands, or is overturned.
        "uphold": Transition({S.COUNTY}, Role.COUNTY, S.INFORMING),
        "overturn": Transition({S.COUNTY}, Role.COUNTY, S.INFORMING),
        # 结果告知: the village tells the household; the appeal closes.
        "inform": Transition({S.INFORMING}, Role.VILLAGE, S.CLOSED),
    },
)

DEADLINE_POLICIES: dict[str, str] = {
    S.TOWNSHIP: "appeal_township_days",
    S.COUNTY: "appeal_county_days",
    S.INFORMING: "appeal_inform_days",
}
ATTACHMENT_KINDS = ("image", "pdf")
KIND = "appeal"


def due_on(appeal_village: Any, status: str, start: datetime.date) -> datetime.date:
    """The deadline of the step ``status`` waits for, when the appeal reached it on ``start``."""
    days = policy_int(DEADLINE_POLICIES[status], appeal_village)
    return start + datetime.timedelta(days=days)


def _required(value: str, field: str, message: str) -> str:
    if not value.strip():
        raise ServiceError(message, code="required", field=field)
    return value.strip()


def _notify(appeal: Appeal, *, action: str, message: str, roles: set[str], by: User) -> None:
    """The users of ``roles`` over the appeal's village, and always its cadres; on commit."""
    notify_region_on_commit(
        appeal.village,
        roles | {Role.VILLAGE},
        by=by,
        kind=KIND,
        message=message,
        link=reverse("appeals:detail", args=[appeal.pk]),
        dedupe_key=f"appeal-{appeal.pk}-{action}",
    )


def _log(
    appeal: Appeal, action: str, *, by: User, role: str, opinion: str = "", **details: Any
) -> AppealStep:
    return AppealStep.objects.create(
        appeal=appeal, action=action, opinion=opinion, details=details, by=by, role=role
    )


@transaction.atomic
def appeal_register(
    *,
    case: Case,
    decision: CaseStep,
    by: User,
    grounds: str,
    received_on: datetime.date,
    appellant: str = "",
    attachments: Sequence[Any] = (),
) -> Appeal:
    """登记: a village cadre registers the household's appeal against ``decision`` of ``case``."""
    require_role(by, Role.VILLAGE, region=case.village)
    if decision.case_id != case.pk:
        raise ServiceError(_("所选决定不属于该监测记录。"), code="decision", field="decision")
    kind = decision_kind(decision, case)
    if kind is None:
        raise ServiceError(
            _("只能对不予纳入、风险消除或公示异议提出申诉。"), code="not_appealable", field="decision"
        )
    if Appeal.objects.open().filter(decision=decision).exists():
        raise ServiceError(_("该决定已有正在办理的申诉。"), code="open_appeal", field="decision")
    today = timezone.localdate()
    decided_on = timezone.localdate(decision.at)
    if received_on > today or received_on < decided_on:
        raise ServiceError(
            _("收到申诉日期须在被申诉决定之日（%(day)s）之后且不晚于今天。") % {"day": decided_on},
            code="received_on",
            field="received_on",
        )
    reasons = _required(grounds, "grounds", _("请填写申诉理由。"))
    for attachment in attachments:
        validate_upload(attachment, allowed=ATTACHMENT_KINDS, field="attachments", region=case.village)
    household = case.household
    appeal = Appeal(
        case=case,
        decision=decision,
        household=household,
        village=case.village,
        kind=kind,
        appellant=appellant.strip() or household.head_name,
        received_on=received_on,
        grounds=reasons,
        status=S.TOWNSHIP,
        step_since=today,
        due_on=due_on(case.village, S.TOWNSHIP, today),
        created_by=by,
    )
    appeal._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError:  # another cadre registered the same appeal a moment ago
        raise ServiceError(_("该决定已有正在办理的申诉。"), code="open_appeal", field="decision") from None
    _log(appeal, AppealStep.Action.REGISTER, by=by, role=Role.VILLAGE, opinion=reasons)
    AppealAttachment.objects.bulk_create(AppealAttachment(appeal=appeal, file=f) for f in attachments)
    _notify(
        appeal,
        action="register",
        message=_("%(name)s户对“%(kind)s”提出申诉，请于 %(due)s 前完成乡镇复核。")
        % {"name": household.head_name, "kind": appeal.get_kind_display(), "due": appeal.due_on},
        roles={Role.TOWNSHIP},
        by=by,
    )
    return appeal


def _move(
    appeal: Appeal, action: str, *, by: User, opinion: str, outcome: str = "", **fields: Any
) -> tuple[str, datetime.date]:
    """Check and apply ``action``: the new status, its deadline, the log row. Returns (role, today)."""
    row, role = APPEAL_WORKFLOW.check(appeal, action, by)
    target = row.target_for(appeal)
    assert target is not None  # every row of this table names its target
    today = timezone.localdate()
    due = due_on(appeal.village, target, today) if target in DEADLINE_POLICIES else appeal.due_on
    if outcome:
        fields["outcome"] = outcome
    transition(appeal, to=target, by=by, step_since=today, due_on=due, **fields)
    details = {
        k: str(fields[k]) for k in ("outcome", "follow_up", "informed_on", "inform_way") if k in fields
    }
    _log(appeal, action, by=by, role=role, opinion=opinion, **details)
    return role, today


@transaction.atomic
def appeal_forward(*, appeal: Appeal, by: User, opinion: str) -> Appeal:
    """乡镇复核: the township supports the appeal and forwards it to the county."""
    text = _required(opinion, "opinion", _("请填写乡镇复核意见。"))
    _move(appeal, "forward", by=by, opinion=text, township_opinion=text, township_on=timezone.localdate())
    _notify(
        appeal,
        action="forward",
        message=_("%(name)s户的申诉经乡镇复核报县级复核，请于 %(due)s 前办理。")
        % {"name": appeal.household.head_name, "due": appeal.due_on},
        roles={Role.COUNTY},
        by=by,
    )
    return appeal


@transaction.atomic
def appeal_dismiss(*, appeal: Appeal, by: User, opinion: str) -> Appeal:
    """乡镇复核: the township dismisses the appeal (with its reason); the village tells the household."""
    text = _required(opinion, "opinion", _("请填写驳回理由。"))
    _move(
        appeal,
        "dismiss",
        by=by,
        opinion=text,
        outcome=Appeal.Outcome.DISMISSED,
        township_opinion=text,
        township_on=timezone.localdate(),
    )
    _notify(
        appeal,
        action="dismiss",
        message=_("%(name)s户的申诉经乡镇复核驳回，请于 %(due)s 前告知农户。")
        % {"name": appeal.household.head_name, "due": appeal.due_on},
        roles=set(),
        by=by,
    )
    return appeal


@transaction.atomic
def appeal_uphold(*, appeal: Appeal, by: User, opinion: str) -> Appeal:
    """县级复核: the decision appealed stands."""
    text = _required(opinion, "opinion", _("请填写县级复核意见。"))
    _move(
        appeal,
        "uphold",
        by=by,
        opinion=text,
        outcome=Appeal.Outcome.UPHELD,
        county_opinion=text,
        county_on=timezone.localdate(),
    )
    _notify(
        appeal,
        action="uphold",
        message=_("%(name)s户的申诉经县级复核维持原决定，请于 %(due)s 前告知农户。")
        % {"name": appeal.household.head_name, "due": appeal.due_on},
        roles={Role.TOWNSHIP},
        by=by,
    )
    return appeal


def _follow_up(appeal: Appeal, *, by: User, opinion: str) -> str:
    """What an overturned decision leads to (see the module's docstring); never a direct write."""
    case = Case.objects.select_for_update().get(pk=appeal.case_id)
    if appeal.kind == Appeal.Kind.ELIMINATION:
        other_open = Case.objects.filter(household_id=case.household_id).open().exists()
        if case.status == Case.Status.ELIMINATED and not other_open:
            case_rollback(
                case=case, by=by, reason=_("申诉复核撤销风险消除：%(opinion)s") % {"opinion": opinion}
            )
            return _("已由县级回退风险消除，恢复监测。")
        return _("监测记录已有变化，未回退；请核实后按程序办理。")
    if appeal.kind == Appeal.Kind.REJECTION:
        return _("请村级重新提名（村提名），按五步法重新办理。")
    return _("请村级、乡镇按程序重新处理该公示异议（退回、不予通过或重新提名）。")


@transaction.atomic
def appeal_overturn(*, appeal: Appeal, by: User, opinion: str) -> Appeal:
    """县级复核: the decision appealed is overturned; the follow-up depends on its kind."""
    text = _required(opinion, "opinion", _("请填写县级复核意见。"))
    # The role and state first, so a refused overturn never reaches the case.
    APPEAL_WORKFLOW.check(appeal, "overturn", by)
    follow_up = _follow_up(appeal, by=by, opinion=text)
    _move(
        appeal,
        "overturn",
        by=by,
        opinion=text,
        outcome=Appeal.Outcome.OVERTURNED,
        county_opinion=text,
        county_on=timezone.localdate(),
        follow_up=follow_up,
    )
    _notify(
        appeal,
        action="overturn",
        message=_("%(name)s户的申诉经县级复核撤销原决定：%(follow_up)s请于 %(due)s 前告知农户。")
        % {"name": appeal.household.head_name, "follow_up": follow_up, "due": appeal.due_on},
        roles={Role.TOWNSHIP},
        by=by,
    )
    return appeal


@transaction.atomic
def appeal_inform(
    *, appeal: Appeal, by: User, informed_on: datetime.date, way: str, note: str = ""
) -> Appeal:
    """结果告知: the village records that the household was told (date, way); the appeal closes."""
    if way not in Appeal.Way.values:
        raise ServiceError(_("请选择告知方式。"), code="way", field="way")
    start = appeal.county_on or appeal.township_on or appeal.received_on
    APPEAL_WORKFLOW.check(appeal, "inform", by)
    if informed_on > timezone.localdate() or informed_on < start:
        raise ServiceError(
            _("告知日期须在复核结论之日（%(day)s）之后且不晚于今天。") % {"day": start},
            code="informed_on",
            field="informed_on",
        )
    _move(
        appeal,
        "inform",
        by=by,
        opinion=note.strip(),
        informed_on=informed_on,
        inform_way=way,
        inform_note=note.strip(),
    )
    roles: set[str] = {Role.TOWNSHIP, *([Role.COUNTY] if appeal.county_on else [])}
    _notify(
        appeal,
        action="inform",
        message=_("%(name)s户的申诉结果（%(outcome)s）已告知农户，申诉办结。")
        % {"name": appeal.household.head_name, "outcome": appeal.get_outcome_display()},
        roles=roles,
        by=by,
    )
    return appeal


def appeals_remind_overdue(*, on: datetime.date | None = None) -> int:
    """Daily: tell the users of the step an overdue appeal waits for, and the village's cadres
    (once per appeal per day, by dedupe key). Returns how many notifications were written."""
    on = on or timezone.localdate()
    sent = 0
    for appeal in Appeal.objects.overdue(on).select_related("household", "village"):
        role = STATUS_ROLES[appeal.status]
        days = (on - appeal.due_on).days
        sent += notify(
            users_over_region(appeal.village, role, Role.VILLAGE),
            kind=KIND,
            message=_("%(name)s户的申诉“%(step)s”已逾期 %(days)s 天，请尽快办理。")
            % {"name": appeal.household.head_name, "step": appeal.step_name, "days": days},
            link=reverse("appeals:detail", args=[appeal.pk]),
            dedupe_key=f"appeal-{appeal.pk}-overdue-{on.isoformat()}",
        )
    return sent
