"""Steps 2–5 of the five-step procedure, the same services for enrolment and for exit.

Each service: role check over the case's village and transition check (``require_step``), the
guarded compare-and-set (``advance``), and its CaseStep row, all in one transaction.
"""

import datetime
import re

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import require_role
from common.errors import ServiceError
from common.files import DOCUMENTS, validate_upload
from common.policies import policy_int

from ..models import Case, CaseStep, StepAttachment
from .exit import exit_refusals
from .steps import advance, log_step, require_step

AUTHORISATION = "承诺授权书"

# Cadres separate names with 、 ， , ; ； spaces or new lines.
_NAME_SEPARATORS = re.compile(r"[、，,;；\s]+")


def participant_names(text: str) -> list[str]:
    """The names in a participant list, in order, whatever separator the cadre typed."""
    return [name for name in _NAME_SEPARATORS.split(text) if name]


@transaction.atomic
def case_verify(
    *, case: Case, by, opinion: str, authorisation: File | None = None, details: dict | None = None
) -> Case:
    """Step 2 入户核实. Enrolment needs the household's signed 承诺授权书 (a scan or photo)."""
    role = require_step(case, 2, by)
    if case.status == Case.Status.ENROLLING and not authorisation:
        raise ServiceError(_("请上传农户签字的承诺授权书。"), code="authorisation", field="authorisation")
    if not opinion.strip():
        raise ServiceError(_("请填写核实情况。"), code="opinion", field="opinion")
    if authorisation:
        validate_upload(authorisation, allowed=DOCUMENTS, field="authorisation", region=case.village)
    procedure = case.procedure
    advance(case, to_status=case.status, to_step=3, by=by)
    step = log_step(
        case, procedure=procedure, step=2, decision=CaseStep.Decision.PASS, by=by, role=role,
        opinion=opinion, details=details,
    )  # fmt: skip
    if authorisation:
        StepAttachment.objects.create(step=step, kind=AUTHORISATION, file=authorisation)
    return case


@transaction.atomic
def case_deliberate(
    *,
    case: Case,
    by,
    meeting_date: datetime.date,
    participants: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    minutes: str,
) -> Case:
    """Step 3 村级评议: the democratic deliberation, then the village public notice of at least
    ``notice_days`` days (policy). The case moves to step 4 at once, but the township review may
    start only after the notice's last day."""
    role = require_step(case, 3, by)
    today = timezone.localdate()
    if meeting_date > today:
        raise ServiceError(_("评议日期不能晚于今天。"), code="meeting_date", field="meeting_date")
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise ServiceError(_("票数不能为负数。"), code="votes", field="votes_for")
    names = participant_names(participants)
    total = votes_for + votes_against + votes_abstain
    if not names or not minutes.strip():
        raise ServiceError(_("请填写参会人员和会议记录。"), code="minutes", field="minutes")
    if total > len(names):
        raise ServiceError(_("投票总数不能多于参会人数。"), code="votes", field="votes_for")
    # A deliberation that does not pass is a rejection, taken with its own button and reason.
    if votes_for * 2 <= total:
        raise ServiceError(
            _("赞成票未超过投票总数的一半，评议未通过；请使用“不予通过”并写明理由。"),
            code="votes",
            field="votes_for",
        )
    days = policy_int("notice_days", case.village)
    start = today
    end = start + datetime.timedelta(days=days - 1)
    procedure = case.procedure
    advance(case, to_status=case.status, to_step=4, by=by, notice_start=start, notice_end=end)
    log_step(
        case, procedure=procedure, step=3, decision=CaseStep.Decision.PASS, by=by, role=role,
        opinion=minutes,
        details={
            "meeting_date": meeting_date.isoformat(), "participants": names,
            "votes_for": votes_for, "votes_against": votes_against, "votes_abstain": votes_abstain,
            "notice_start": start.isoformat(), "notice_end": end.isoformat(),
        },
    )  # fmt: skip
    return case


@transaction.atomic
def case_record_objection(*, case: Case, by, objection: str) -> CaseStep:
    """An objection raised during the public notice. It does not stop the procedure by itself:
    the village or township weighs it and may return or reject the case."""
    require_role(by, Role.VILLAGE, region=case.village)
    if not (case.in_procedure and case.step == 4 and case.notice_running):
        raise ServiceError(_("只能在公示期内登记异议。"), code="notice")
    if not objection.strip():
        raise ServiceError(_("请填写异议内容。"), code="objection", field="objection")
    return log_step(
        case, procedure=case.procedure, step=3, decision=CaseStep.Decision.NOTE, by=by,
        role=Role.VILLAGE, opinion=objection, details={"kind": "objection"},
    )  # fmt: skip


def township_opinions(case: Case):
    """The opinions recorded since the case (last) reached step 4; a return to step 3 starts over."""
    return case.steps.filter(
        step=4, decision=CaseStep.Decision.PASS, at__gte=case.step_since, details__kind="opinion"
    )


@transaction.atomic
def case_township_review(*, case: Case, by, opinion: str, office: str = "") -> Case:
    """Step 4 乡镇联合审核: one township user's opinion. The step passes when ``township_opinions``
    (policy K) different users have given one; before that the case stays at step 4."""
    # Lock the row (PostgreSQL) so two reviewers adding the K-th opinion at once count each other,
    # then re-read it: the checks below run on the state no one else can change until we commit.
    list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk"))
    case.refresh_from_db()
    role = require_step(case, 4, by)
    today = timezone.localdate()
    if case.notice_end is None or today <= case.notice_end:
        raise ServiceError(
            _("公示期至 %(end)s 结束，公示期满后方可进行乡镇联合审核。") % {"end": case.notice_end},
            code="notice",
        )
    if not opinion.strip():
        raise ServiceError(_("请填写审核意见。"), code="opinion", field="opinion")
    given = township_opinions(case)
    if given.filter(by=by).exists():
        raise ServiceError(_("您已提交过审核意见，需其他乡镇审核人员提出意见。"), code="duplicate")
    needed = policy_int("township_opinions", case.village)
    log_step(
        case, procedure=case.procedure, step=4, decision=CaseStep.Decision.PASS, by=by, role=role,
        opinion=opinion, details={"kind": "opinion", "office": office},
    )  # fmt: skip
    if given.count() >= needed:
        advance(case, to_status=case.status, to_step=5, by=by)
    return case


@transaction.atomic
def case_decide(*, case: Case, by, opinion: str = "") -> Case:
    """Step 5 县审定. Enrolment: the case becomes 监测中. Exit: the exit guards run once more
    (the household may have changed since step 1), then 风险已消除."""
    role = require_step(case, 5, by)
    today = timezone.localdate()
    procedure = case.procedure
    if case.status == Case.Status.ENROLLING:
        advance(case, to_status=Case.Status.MONITORED, to_step=0, by=by, enrolled_on=today)
    else:
        refusals = exit_refusals(case, case.elimination_type, today)
        if refusals:
            raise ServiceError("；".join(refusals), code="exit_guard")
        advance(case, to_status=Case.Status.ELIMINATED, to_step=0, by=by, eliminated_on=today)
    log_step(
        case, procedure=procedure, step=5, decision=CaseStep.Decision.PASS, by=by, role=role,
        opinion=opinion,
    )  # fmt: skip
    return case
