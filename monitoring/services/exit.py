"""Exit (风险消除): the guards of SPEC 4, exit step 1, and the county's rollback (回退)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.policies import policy_int
from households.choices import ABLE_TO_WORK, HouseholdFlagKind
from households.models import Household, HouseholdFlag
from households.selectors import exit_margin, income_status

from ..exit_guards import assisted_exit_refusals, exit_guard_refusals
from ..models import Case, CaseStep, EliminationType
from ..quality import household_findings
from .evidence import attach, take_evidence
from .steps import advance, log_step


def household_without_labour(household: Household, on: datetime.date) -> bool:
    """整户无劳动能力: every living member is 丧失劳动力 or 无劳动力 (read from the register), or the
    manual flag says so. The flag can only add: it cannot make a household with a worker unable."""
    members = household.members.current()
    if members.exists() and not members.filter(labour_skill__in=ABLE_TO_WORK).exists():
        return True
    return (
        HouseholdFlag.objects.active(on)
        .filter(household=household, kind=HouseholdFlagKind.NO_LABOUR)
        .exists()
    )


def _visit_refusals(case: Case, on: datetime.date) -> list[str]:
    """Guard 2: 三保障 and water secure and no new risk at the latest visit, which must be recent."""
    household = case.household
    visit = household.visits.filter(visited_on__lte=on).order_by("-visited_on", "-id").first()
    if visit is None:
        return [_("没有走访记录，无法核实“三保障”和饮水安全。")]
    refusals = []
    days = policy_int("exit_visit_days", case.village)
    if visit.visited_on < on - datetime.timedelta(days=days):
        refusals.append(
            _("最近一次走访（%(day)s）已超过 %(days)s 天，请重新入户核实“三保障”和饮水安全。")
            % {"day": visit.visited_on, "days": days}
        )
    problems = [
        str(visit._meta.get_field(f).verbose_name)  # type: ignore[union-attr]  # a plain field
        for f in visit.ASSURANCE_FIELDS
        if getattr(visit, f) != "secure"
    ]
    if problems:
        refusals.append(
            _("最近一次走访（%(day)s）中以下方面未达保障：%(list)s。")
            % {"day": visit.visited_on, "list": "、".join(problems)}
        )
    if visit.new_risks:
        refusals.append(
            _("最近一次走访发现新的风险尚未解除：%(list)s。") % {"list": "、".join(map(str, visit.new_risks))}
        )
    return refusals


def exit_refusals(case: Case, elimination_type: str, on: datetime.date | None = None) -> list[str]:
    """Every failed exit condition, each named in Chinese; empty when the case may exit.

    Run at exit step 1 and again at 县审定 (step 5): the household may have changed in between."""
    on = on or timezone.localdate()
    household = case.household
    if household_without_labour(household, on):
        # SPEC 4 rule 5: no exit at all; the household keeps 综合保障 and stays monitored.
        return [_("整户无劳动能力的监测对象不标注风险消除，应继续落实综合保障措施并保持监测。")]
    refusals: list[str] = []
    income = income_status(household, on)
    margin = exit_margin(household)
    if not income.assessable:
        refusals.append(_("收入核算窗口内没有收入记录或没有适用的监测范围，无法核定收入。"))
    elif not income.above_line_by(margin):
        refusals.append(
            _("家庭人均纯收入 %(income)s 元未高于监测范围 %(line)s 元（另加幅度 %(margin)s 元）。")
            % {
                "income": income.per_capita,
                "line": income.line.amount,  # type: ignore[union-attr]  # assessable: the line is there
                "margin": margin,
            }
        )
    refusals += _visit_refusals(case, on)
    refusals += exit_guard_refusals(case)  # open clues of the household (clues app)
    findings = household_findings(household)
    if findings:
        refusals.append(_("该户有未整改的数据质量问题：%(list)s。") % {"list": "、".join(findings)})
    if elimination_type == EliminationType.ASSISTED:
        refusals += assisted_exit_refusals(case)  # at least one implemented measure (assistance)
        months = policy_int("exit_min_months", case.village)
        if case.enrolled_on is None or case.enrolled_on + relativedelta(months=months) > on:
            refusals.append(
                _("帮扶消除须纳入监测满 %(months)s 个月（纳入日期 %(day)s）。")
                % {"months": months, "day": case.enrolled_on}
            )
    return refusals


@transaction.atomic
def case_nominate_exit(
    *,
    case: Case,
    by: User,
    elimination_type: str,
    evidence: str,
    reason: str = "",
    attachment: "File[bytes] | None" = None,
) -> Case:
    """Exit step 1 (村提名): the guards run first; the case then waits for home verification.

    The exit has its own deadline, counted from today like an enrolment's from the day the risk
    was found, so a long-monitored case is not overdue the moment its exit starts.
    """
    require_role(by, Role.VILLAGE, region=case.village)
    if case.status != Case.Status.MONITORED:
        raise ServiceError(
            _("只有监测中的对象可以提名风险消除（当前状态：%(status)s）。")
            % {"status": case.get_status_display()},
            code="state",
        )
    if elimination_type not in EliminationType.values:
        raise ServiceError(_("请选择消除类型。"), code="elimination_type", field="elimination_type")
    if elimination_type == EliminationType.NATURAL and not reason.strip():
        raise ServiceError(_("自然消除须写明风险自然消除的原因。"), code="reason", field="reason")
    if not evidence.strip():
        raise ServiceError(_("请填写情况说明。"), code="evidence", field="evidence")
    today = timezone.localdate()
    refusals = exit_refusals(case, elimination_type, today)
    if refusals:
        raise ServiceError("；".join(refusals), code="exit_guard")
    taken = take_evidence(
        village=case.village, procedure=CaseStep.Procedure.EXIT, step=1, files={"attachment": attachment}
    )
    deadline = today + datetime.timedelta(days=policy_int("case_deadline_days", case.village))
    advance(
        case,
        to_status=Case.Status.EXITING,
        to_step=2,
        by=by,
        elimination_type=elimination_type,
        deadline=deadline,
    )
    step = log_step(
        case, procedure=CaseStep.Procedure.EXIT, step=1, decision=CaseStep.Decision.PASS, by=by, role=Role.VILLAGE,
        opinion=evidence, details={"elimination_type": elimination_type, "reason": reason.strip()},
    )  # fmt: skip
    attach(step, taken)
    return case


@transaction.atomic
def case_rollback(*, case: Case, by: User, reason: str) -> Case:
    """回退: the county reverses an elimination; the case is monitored again."""
    require_role(by, Role.COUNTY, region=case.village)
    if case.status != Case.Status.ELIMINATED:
        raise ServiceError(_("只有风险已消除的对象可以回退。"), code="state")
    if not reason.strip():
        raise ServiceError(_("请填写回退理由。"), code="reason", field="reason")
    if Case.objects.filter(household_id=case.household_id).open().exists():
        raise ServiceError(_("该户已有其他未结束的监测记录，不能回退。"), code="open_case")
    assert case.eliminated_on is not None  # set with the ELIMINATED status
    eliminated = {"eliminated_on": case.eliminated_on.isoformat(), "elimination_type": case.elimination_type}
    advance(case, to_status=Case.Status.MONITORED, to_step=0, by=by, eliminated_on=None, elimination_type="")
    log_step(
        case, procedure=CaseStep.Procedure.ROLLBACK, step=5, decision=CaseStep.Decision.PASS, by=by,
        role=Role.COUNTY, opinion=reason.strip(), details=eliminated,
    )  # fmt: skip
    return case
