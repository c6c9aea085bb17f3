"""Data-quality checks of SPEC 4, the ones provinces run on national-system exports.

Each takes the user's scoped base queryset of its model and returns the offending rows. The SPEC 4
checks that concern measures (no development measure a month after enrolment, 因安全饮水 without a
water measure, 因安全住房 without a housing or relocation measure, able to work with only 综合保障)
are registered by ``assistance.checks``: measures live in assistance, above monitoring.
"""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from common.quality import register
from households.choices import ABLE_TO_WORK, MedicalInsurance, Relationship, RiskType
from households.models import Member

from .models import Case, CaseRisk

CASE = "monitoring.Case"
HOUSEHOLD = "households.Household"
MEMBER = "households.Member"


def _with_risk(cases, risk: str):
    return cases.filter(Exists(CaseRisk.objects.filter(case=OuterRef("pk"), risk_type=risk)))


@register("case_lack_labour_all_able", _("风险类型为缺劳动力，但家庭成员均有劳动能力"), CASE)
def lack_labour_but_all_able(cases):
    members = Member.objects.current().filter(household=OuterRef("household"))
    unable = members.exclude(labour_skill__in=ABLE_TO_WORK)
    return _with_risk(cases.open(), RiskType.LACK_OF_LABOUR).filter(Exists(members), ~Exists(unable))


@register("case_eliminated_too_soon", _("纳入当月或次月即标注风险消除"), CASE)
def eliminated_too_soon(cases):
    months = lambda field: ExtractYear(field) * 12 + ExtractMonth(field)  # noqa: E731
    return (
        cases.filter(status=Case.Status.ELIMINATED, enrolled_on__isnull=False, eliminated_on__isnull=False)
        .annotate(gap=months("eliminated_on") - months("enrolled_on"))
        .filter(gap__lte=1)
    )


@register("household_head_count", _("户主人数不为1"), HOUSEHOLD)
def head_count_not_one(households):
    heads = Count(
        "members", filter=Q(members__relationship=Relationship.HEAD, members__removed_on__isnull=True)
    )
    return households.annotate(heads=heads).exclude(heads=1)


@register("member_uninsured", _("未参加基本医疗保险"), MEMBER)
def uninsured(members):
    return members.current().filter(medical_insurance=MedicalInsurance.NONE)


@register("member_education_school_both_or_neither", _("文化程度与在校生状况同时填写或均未填写"), MEMBER)
def education_and_school(members):
    both = ~Q(education="") & ~Q(school_status="")
    neither = Q(education="", school_status="")
    return members.current().filter(both | neither)


@register("household_head_spouse_same_sex", _("户主与配偶性别相同"), HOUSEHOLD)
def head_spouse_same_sex(households):
    # One join: a current spouse whose household has a current head of the same sex.
    spouses = Member.objects.current().filter(
        relationship=Relationship.SPOUSE,
        household__members__relationship=Relationship.HEAD,
        household__members__removed_on__isnull=True,
        household__members__sex=F("sex"),
    )
    return households.filter(pk__in=spouses.values("household_id"))


# Where each checked model keeps its village, for per-village counts and for links.
VILLAGE_FIELD = {CASE: "village", HOUSEHOLD: "village", MEMBER: "household__village"}
# How each register model names its household: the exit guard asks for a household's findings.
HOUSEHOLD_FIELD = {HOUSEHOLD: "pk", MEMBER: "household"}
