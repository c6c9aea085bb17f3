"""Steps 2–5 of the five-step procedure, the same services for enrolment and for exit.

Each service: role check over the case's village and transition check (``require_step``), the
guarded compare-and-set (``advance``), and its CaseStep row, all in one transaction.
"""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.policies import policy_int
from households.choices import Assurance

from ..hooks import cases_without_contact
from ..models import Case, CaseStep
from .evidence import attach, take_evidence
from .exit import exit_refusals
from .steps import advance, log_step, require_step

ASSURANCES = ("food_clothing", "education", "medical", "housing", "water")
ABLE, NO_LABOUR = "able", "no_labour"


def _exit_verification(
    *, verified_income: Decimal | None, assurances: dict[str, str], labour_check: str
) -> dict[str, Any]:
    """Exit step 2 records what the home visit verified: per-capita income, each of the 三保障 and
    drinking water, and the labour check. A problem found here is a rejection, not a pass."""
    if verified_income is None:
        raise ServiceError(_("请填写核实的家庭人均纯收入。"), code="verified_income", field="verified_income")
    if verified_income < 0:
        raise ServiceError(_("人均纯收入不能为负数。"), code="verified_income", field="verified_income")
    for name, value in assurances.items():
        if value not in Assurance.values:
            raise ServiceError(_("请逐项填写“三保障”和饮水安全核实结果。"), code="assurance", field=name)
    if labour_check not in (ABLE, NO_LABOUR):
        raise ServiceError(_("请填写劳动能力核实结果。"), code="labour_check", field="labour_check")
    if labour_check == NO_LABOUR:
        raise ServiceError(
            _("核实为整户无劳动能力，不标注风险消除；请作不予通过处理，继续落实综合保障。"),
            code="labour_check",
            field="labour_check",
        )
    problems = [name for name, value in assurances.items() if value == Assurance.PROBLEM]
    if problems:
        raise ServiceError(
            _("核实发现“三保障”或饮水安全存在问题，不能通过；请作不予通过处理。"),
            code="assurance",
            field=problems[0],
        )
    return {"verified_income": str(verified_income), "assurances": assurances, "labour_check": labour_check}


# Cadres separate names with 、 ， , ; ； spaces or new lines.
_NAME_SEPARATORS = re.compile(r"[、，,;；\s]+")


def participant_names(text: str) -> list[str]:
    """The names in a participant list, in order, whatever separator the cadre typed."""
    return [name for name in _NAME_SEPARATORS.split(text) if name]


@transaction.atomic
def case_verify(
    *,
    case: Case,
    by: User,
    opinion: str,
    authorisation: "File[bytes] | None" = None,
    attachment: "File[bytes] | None" = None,
    verified_income: Decimal | None = None,
    food_clothing: str = "",
    education: str = "",
    medical: str = "",
    housing: str = "",
    water: str = "",
    labour_check: str = "",
) -> Case:
    """Step 2 入户核实. Enrolment: the household's signed 承诺授权书 (a scan or photo; required by
    default, policy ``evidence_enrolment_step2``). Exit: the verified income, 三保障 and water, and
    the labour check, stored in the step's details."""
    role = require_step(case, 2, by)
    procedure = case.procedure
    enrolling = case.status == Case.Status.ENROLLING
    if not opinion.strip():
        raise ServiceError(_("请填写核实情况。"), code="opinion", field="opinion")
    details: dict[str, Any] = {}
    if not enrolling:
        assurances = dict(zip(ASSURANCES, (food_clothing, education, medical, housing, water), strict=True))
        details = _exit_verification(
            verified_income=verified_income, assurances=assurances, labour_check=labour_check
        )
    taken = take_evidence(
        village=case.village, procedure=procedure, step=2,
        files={"authorisation": authorisation if enrolling else None, "attachment": attachment},
        required_field="authorisation" if enrolling else "attachment",
        missing=_("请上传农户签字的承诺授权书。") if enrolling else "",
    )  # fmt: skip
    advance(case, to_status=case.status, to_step=3, by=by)
    step = log_step(
        case, procedure=procedure, step=2, decision=CaseStep.Decision.PASS, by=by, role=role,
        opinion=opinion, details=details,
    )  # fmt: skip
    attach(step, taken)
    return case


@transaction.atomic
def case_deliberate(
    *,
    case: Case,
    by: User,
    meeting_date: datetime.date,
    participants: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    minutes: str,
    attachment: "File[bytes] | None" = None,
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
    procedure = case.procedure
    taken = take_evidence(village=case.village, procedure=procedure, step=3, files={"attachment": attachment})
    days = policy_int("notice_days", case.village)
    start = today
    end = start + datetime.timedelta(days=days - 1)
    advance(case, to_status=case.status, to_step=4, by=by, notice_start=start, notice_end=end)
    step = log_step(
        case, procedure=procedure, step=3, decision=CaseStep.Decision.PASS, by=by, role=role,
        opinion=minutes,
        details={
            "meeting_date": meeting_date.isoformat(), "participants": names,
            "votes_for": votes_for, "votes_against": votes_against, "votes_abstain": votes_abstain,
            "notice_start": start.isoformat(), "notice_end": end.isoformat(),
        },
    )  # fmt: skip
    attach(step, taken)
    return case


@transaction.atomic
def case_record_objection(*, case: Case, by: User, objection: str) -> CaseStep:
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


def township_opinions(case: Case) -> QuerySet[CaseStep]:
    """The opinions recorded since the case (last) reached step 4; a return to step 3 starts over."""
    return case.steps.filter(
        step=4, decision=CaseStep.Decision.PASS, at__gte=case.step_since, details__kind="opinion"
    )


def township_offices(case: Case) -> set[str]:
    """The offices (审核科室) whose opinion counts towards step 4 now: K opinions mean K offices."""
    return {step.details.get("office", "") for step in township_opinions(case)}


@transaction.atomic
def case_township_review(
    *, case: Case, by: User, opinion: str, office: str, attachment: "File[bytes] | None" = None
) -> Case:
    """Step 4 乡镇联合审核: one township office's opinion (审核科室, required). The step passes when
    opinions from ``township_opinions`` (policy K) different offices are in; before that the case
    stays at step 4. One opinion per user and per office: two reviewers of one office are one voice."""
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
    office = office.strip()
    if not office:
        raise ServiceError(_("请填写审核科室。"), code="office", field="office")
    if not opinion.strip():
        raise ServiceError(_("请填写审核意见。"), code="opinion", field="opinion")
    given = list(township_opinions(case))
    if any(step.by_id == by.pk for step in given):
        raise ServiceError(_("您已提交过审核意见，需其他乡镇审核人员提出意见。"), code="duplicate")
    offices = township_offices(case)
    if office in offices:
        raise ServiceError(
            _("%(office)s已提交过审核意见，需其他科室提出意见。") % {"office": office},
            code="duplicate_office",
            field="office",
        )
    taken = take_evidence(
        village=case.village, procedure=case.procedure, step=4, files={"attachment": attachment}
    )
    needed = policy_int("township_opinions", case.village)
    step = log_step(
        case, procedure=case.procedure, step=4, decision=CaseStep.Decision.PASS, by=by, role=role,
        opinion=opinion, details={"kind": "opinion", "office": office},
    )  # fmt: skip
    attach(step, taken)
    if len(offices | {office}) >= needed:
        advance(case, to_status=case.status, to_step=5, by=by)
    return case


def missing_contact(case: Case) -> bool:
    """No current 帮扶责任人 on ``case`` (the rule is assistance's, through ``monitoring.hooks``)."""
    return cases_without_contact(Case.objects.filter(pk=case.pk)).exists()


def decision_warnings(case: Case) -> list[str]:
    """The warnings recorded with the latest county decision of ``case`` (shown after it passed)."""
    step = case.steps.filter(step=5, decision=CaseStep.Decision.PASS).order_by("-at", "-id").first()
    return list(step.details.get("warnings", [])) if step else []


@transaction.atomic
def case_decide(*, case: Case, by: User, opinion: str = "", attachment: "File[bytes] | None" = None) -> Case:
    """Step 5 县审定. Enrolment: the case becomes 监测中; without a current 帮扶责任人 it is refused
    or passes with a warning, by policy ``contact_required_block``. Exit: the exit guards run once
    more (the household may have changed since step 1), then 风险已消除."""
    role = require_step(case, 5, by)
    today = timezone.localdate()
    procedure = case.procedure
    warnings = []
    taken = take_evidence(village=case.village, procedure=procedure, step=5, files={"attachment": attachment})
    if case.status == Case.Status.ENROLLING:
        if missing_contact(case):
            if policy_int("contact_required_block", case.village) >= 1:
                raise ServiceError(
                    _("该户尚未安排帮扶责任人，请村里先安排帮扶责任人再审定。"), code="contact"
                )
            warnings.append(str(_("该户尚未安排帮扶责任人，请督促村里尽快安排。")))
        advance(case, to_status=Case.Status.MONITORED, to_step=0, by=by, enrolled_on=today)
    else:
        refusals = exit_refusals(case, case.elimination_type, today)
        if refusals:
            raise ServiceError("；".join(refusals), code="exit_guard")
        advance(case, to_status=Case.Status.ELIMINATED, to_step=0, by=by, eliminated_on=today)
    step = log_step(
        case, procedure=procedure, step=5, decision=CaseStep.Decision.PASS, by=by, role=role,
        opinion=opinion, details={"warnings": warnings} if warnings else None,
    )  # fmt: skip
    attach(step, taken)
    return case
