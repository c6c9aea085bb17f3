"""家庭成员明细 and 走访记录: the register's own ledgers."""

from django.utils.translation import gettext_lazy as _

from households.choices import (
    Assurance,
    DisabilityCategory,
    DisabilityGrade,
    Education,
    IncomeChange,
    LabourSkill,
    MedicalInsurance,
    PoliticalStatus,
    Relationship,
    SchoolStatus,
    Sex,
    VisitKind,
    WelfarePost,
)
from households.filters import MemberFilter, VisitFilter
from households.models import Member, Visit

from ..columns import birth_date, choice, computed, date, flag, id_number, integer, phone, text
from ..registry import Ledger, register
from .common import joined, place_columns, user_name_column

HEALTH_FLAGS = (_("长期慢性病"), _("患有大病"), _("残疾"))


def health(healthy: bool, chronic: bool, serious: bool, disabled: bool) -> str:
    """健康, or the conditions joined with 、 (the national system's combined column)."""
    if healthy:
        return str(_("健康"))
    return joined(
        str(label) for label, on in zip(HEALTH_FLAGS, (chronic, serious, disabled), strict=True) if on
    )


# The headers match the household import (ledgers/resources.py): a full-number export imports back.
MEMBER_COLUMNS = [
    *place_columns("household__village_id"),
    text(_("户编号"), "household__number", 20),
    text(_("村民小组"), "household__group_name", 10),
    text(_("姓名"), "name", 10),
    id_number(_("证件号码"), "id_number"),
    choice(_("性别"), "sex", Sex, 6),
    birth_date(_("出生日期"), "birth_date", masked_header=_("出生年份")),
    text(_("民族"), "ethnicity", 8),
    choice(_("与户主关系"), "relationship", Relationship, 10),
    choice(_("文化程度"), "education", Education, 12),
    choice(_("在校生状况"), "school_status", SchoolStatus, 14),
    choice(_("劳动技能"), "labour_skill", LabourSkill, 14),
    integer(_("务工时间（月）"), "months_worked", 8),
    computed(_("健康状况"), ("healthy", "chronic_disease", "serious_illness", "disabled"), health, 14),
    choice(_("残疾类别"), "disability_category", DisabilityCategory, 8),
    choice(_("残疾等级"), "disability_grade", DisabilityGrade, 8),
    choice(_("政治面貌"), "political_status", PoliticalStatus, 10),
    choice(_("基本医疗保险"), "medical_insurance", MedicalInsurance, 12),
    flag(_("大病保险"), "critical_illness_insurance"),
    flag(_("养老保险"), "pension_insurance"),
    flag(_("享受低保"), "dibao"),
    flag(_("特困供养"), "tekun"),
    choice(_("公益岗位类型"), "welfare_post", WelfarePost, 14),
    phone(_("联系电话"), "household__phone"),
    text(_("住址"), "household__address", 24),
]

register(
    Ledger(
        key="members",
        title=_("家庭成员明细"),
        description=_("在册家庭成员，一人一行，列与国家系统成员表一致。"),
        queryset=lambda: Member.objects.current(),
        columns=MEMBER_COLUMNS,
        filterset=MemberFilter,
        order_by=("household__number", "pk"),
    )
)


def assurance(header, field):
    return choice(header, field, Assurance, 10)


register(
    Ledger(
        key="visits",
        title=_("走访记录"),
        description=_("入户走访、电话回访和集中排查记录，含两不愁三保障及饮水安全情况。"),
        queryset=lambda: Visit.objects.all(),
        columns=[
            *place_columns("household__village_id"),
            text(_("户编号"), "household__number", 20),
            text(_("户主姓名"), "household__head_name", 10),
            date(_("走访日期"), "visited_on"),
            choice(_("走访方式"), "kind", VisitKind, 10),
            user_name_column(_("走访人"), "visitor"),
            assurance(_("不愁吃不愁穿"), "food_clothing"),
            assurance(_("义务教育"), "education"),
            assurance(_("基本医疗"), "medical"),
            assurance(_("住房安全"), "housing"),
            assurance(_("饮水安全"), "water"),
            text(_("问题说明"), "problem_note", 24),
            choice(_("收入变化"), "income_change", IncomeChange, 10),
            computed(_("新发现风险"), ("new_risks",), joined, 18),
            text(_("备注"), "notes", 24),
        ],
        filterset=VisitFilter,
        category_filter="kind",
        date_filters=("visited_from", "visited_to"),
        order_by=("household__number", "-visited_on", "pk"),
        category_field="kind",
        category_choices=VisitKind.choices,
        date_field="visited_on",
        date_label=_("走访日期"),
    )
)
