import datetime

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.policies import policy_int
from households.choices import HouseholdFlagKind, RiskType
from households.models import Household, HouseholdFlag

from ..models import Case, CaseRisk, CaseStep, Category
from ..signals import case_opened
from .evidence import attach, take_evidence
from .steps import log_step


def is_former_poor(household: Household, on: datetime.date) -> bool:
    return (
        HouseholdFlag.objects.active(on)
        .filter(household=household, kind=HouseholdFlagKind.FORMER_POOR)
        .exists()
    )


def proposed_category(household: Household, on: datetime.date) -> tuple[str, str]:
    """The category the rule below allows for the household's flags, with the reason shown."""
    if is_former_poor(household, on):
        return Category.UNSTABLE_FORMER_POOR, _("该户为脱贫户，建议认定为脱贫不稳定户。")
    return Category.EDGE, _(
        "该户不是脱贫户，建议认定为边缘易致贫户（遭遇突发严重困难的可改选突发严重困难户）。"
    )


def check_category(household: Household, category: str, on: datetime.date) -> None:
    """脱贫不稳定户 only for a 脱贫户; 边缘易致贫户 never for one; 突发严重困难户 either."""
    former_poor = is_former_poor(household, on)
    if category == Category.UNSTABLE_FORMER_POOR and not former_poor:
        raise ServiceError(_("该户不是脱贫户，不能认定为脱贫不稳定户。"), code="category", field="category")
    if category == Category.EDGE and former_poor:
        raise ServiceError(
            _("脱贫户不能认定为边缘易致贫户，请选择脱贫不稳定户。"), code="category", field="category"
        )


def check_risks(risks: list[tuple[str, str]]) -> None:
    if not risks:
        raise ServiceError(_("请至少选择一项致贫返贫风险。"), code="risks", field="risk_types")
    for risk, subtype in risks:
        if risk == RiskType.DISASTER and not subtype:
            raise ServiceError(_("因自然灾害须注明灾害类型。"), code="risks", field="risk_types")
        if risk != RiskType.DISASTER and subtype:
            raise ServiceError(_("只有因自然灾害可以注明灾害类型。"), code="risks", field="risk_types")


@transaction.atomic
def case_nominate(
    *,
    household: Household,
    by: User,
    category: str,
    risks: list[tuple[str, str]],
    channel: str,
    found_on: datetime.date,
    evidence: str = "",
    attachment: "File[bytes] | None" = None,
) -> Case:
    """Step 1 of enrolment (村提名): the village nominates a household; the case waits for step 2.

    ``risks`` is a list of (risk type, disaster subtype or ""). A household that was monitored
    before gets a new case linked to its latest earlier one (再标注).
    """
    require_role(by, Role.VILLAGE, region=household.village)
    today = timezone.localdate()
    if found_on > today:
        raise ServiceError(_("发现风险日期不能晚于今天。"), code="found_on", field="found_on")
    check_category(household, category, today)
    check_risks(risks)
    if Case.objects.filter(household=household).open().exists():
        raise ServiceError(_("该户已有未结束的监测记录，不能重复提名。"), code="open_case")
    taken = take_evidence(
        village=household.village,
        procedure=CaseStep.Procedure.ENROLMENT,
        step=1,
        files={"attachment": attachment},
    )
    deadline = found_on + datetime.timedelta(days=policy_int("case_deadline_days", household.village))
    previous = household.cases.exclude(status__in=Case.OPEN_STATUSES).order_by("-created_at").first()
    case = Case(
        household=household,
        village=household.village,
        category=category,
        channel=channel,
        status=Case.Status.ENROLLING,
        step=2,
        found_on=found_on,
        deadline=deadline,
        previous_case=previous,
        evidence=evidence,
        created_by=by,
    )
    case._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # another cadre nominated the same household a moment ago
        raise ServiceError(_("该户已有未结束的监测记录，不能重复提名。"), code="open_case") from None
    CaseRisk.objects.bulk_create(CaseRisk(case=case, risk_type=r, disaster_subtype=s) for r, s in risks)
    step = log_step(
        case,
        procedure=CaseStep.Procedure.ENROLMENT,
        step=1,
        decision=CaseStep.Decision.PASS,
        by=by,
        role=Role.VILLAGE,
        opinion=evidence,
        details={"category": category, "channel": channel, "risks": [list(r) for r in risks]},
    )
    attach(step, taken)
    case_opened.send(sender=Case, case=case, by=by)  # clues of the household join this case
    return case
