"""帮扶措施台账."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from assistance.filters import HousingProblemFilter, MeasureFilter
from assistance.insurance import insurance_gaps
from assistance.models import HousingProblem, Measure, MeasureCategory
from households.choices import MedicalInsurance
from households.models import Member
from monitoring.models import Category

from ..columns import birth_date, choice, date, flag, id_number, money, text
from ..registry import Ledger, register
from .common import place_columns


def measure_categories():
    """Top-level catalogue items; choosing one matches its own measures and its sub-types'."""
    return list(MeasureCategory.objects.filter(parent__isnull=True).values_list("code", "name"))


register(
    Ledger(
        key="measures",
        title=_("帮扶措施台账"),
        description=_("监测对象的帮扶措施：类别、内容、责任单位、金额、计划与实际时间、状态。"),
        queryset=lambda: Measure.objects.all(),
        columns=[
            *place_columns("case__village_id"),
            text(_("户编号"), "case__household__number", 20),
            text(_("户主姓名"), "case__household__head_name", 10),
            choice(_("监测对象类型"), "case__category", Category, 14),
            text(_("受益成员"), "member__name", 10),
            text(_("措施类别"), "category__name", 14),
            text(_("措施内容"), "content", 30),
            text(_("责任单位"), "responsible_unit", 16),
            money(_("金额（元）"), "amount"),
            text(_("资金来源"), "funding_source", 14),
            date(_("计划开始"), "planned_start"),
            date(_("计划完成"), "planned_end"),
            date(_("实际开始"), "actual_start"),
            date(_("实际完成"), "actual_end"),
            choice(_("状态"), "status", Measure.Status, 10),
            text(_("成效"), "effect", 24),
        ],
        filterset=MeasureFilter,
        order_by=("case__village__code", "case__household__number", "pk"),
        status_field="status",
        status_choices=Measure.Status.choices,
        category_field="category",
        category_choices=measure_categories,
        date_field="planned_start",
        date_label=_("计划开始日期"),
    )
)


register(
    Ledger(
        key="housing_problems",
        title=_("住房安全问题台账"),
        description=_("住房安全问题（销号制）：来源、问题、鉴定等级、责任单位、整改、核验与销号。"),
        queryset=lambda: HousingProblem.objects.all(),
        columns=[
            *place_columns("household__village_id"),
            text(_("户编号"), "household__number", 20),
            text(_("户主姓名"), "household__head_name", 10),
            date(_("发现日期"), "found_on"),
            choice(_("来源"), "source", HousingProblem.Source, 10),
            text(_("问题描述"), "description", 30),
            choice(_("鉴定等级"), "grade", HousingProblem.Grade, 8),
            text(_("责任单位"), "assigned_unit", 16),
            text(_("责任人"), "assigned_person", 10),
            text(_("整改情况"), "fix_note", 24),
            date(_("整改完成日期"), "fixed_on"),
            text(_("核验意见"), "verify_note", 20),
            date(_("销号日期"), "struck_off_on"),
            choice(_("状态"), "status", HousingProblem.Status, 10),
        ],
        filterset=HousingProblemFilter,
        order_by=("household__village__code", "household__number", "pk"),
        status_field="status",
        status_choices=HousingProblem.Status.choices,
        date_field="found_on",
        date_label=_("发现日期"),
    )
)


def _insurance_rows():
    return insurance_gaps(Member.objects.all(), timezone.localdate())


register(
    Ledger(
        key="insurance_gaps",
        title=_("参保核查台账"),
        description=_("监测户和脱贫户中缺少养老保险（16–59岁，非在校）或缺少基本医保的成员，供代缴保费。"),
        queryset=_insurance_rows,
        columns=[
            *place_columns("household__village_id"),
            text(_("户编号"), "household__number", 20),
            text(_("姓名"), "name", 10),
            id_number(_("证件号码"), "id_number"),
            birth_date(_("出生日期"), "birth_date"),
            choice(_("基本医疗保险"), "medical_insurance", MedicalInsurance, 14),
            flag(_("养老保险"), "pension_insurance"),
            flag(_("缺少养老保险"), "no_pension"),
            flag(_("缺少医保"), "no_medical"),
        ],
        order_by=("household__village__code", "household__number", "pk"),
        roles=(Role.TOWNSHIP, Role.COUNTY),
    )
)
