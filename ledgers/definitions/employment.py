"""就业帮扶台账 and 公益岗位台账."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from employment.filters import AppointmentFilter, EmploymentRecordFilter
from employment.models import Appointment, EmploymentRecord, EmploymentStatus, WelfarePost
from households.choices import LabourSkill

from ..columns import birth_date, choice, date, id_number, integer, money, text
from ..registry import Ledger, register
from .common import place_columns

register(
    Ledger(
        key="employment",
        title=_("就业帮扶台账"),
        description=_(
            "脱贫户和监测户劳动力（16–59岁、有劳动能力、非在校）的就业状态、用工单位或务工地点、今年务工月数和收入，按季度跟踪随访更新。"
        ),
        queryset=lambda: EmploymentRecord.objects.all(),
        columns=[
            *place_columns("household__village_id"),
            text(_("户编号"), "household__number", 20),
            text(_("户主姓名"), "household__head_name", 10),
            text(_("姓名"), "member__name", 10),
            id_number(_("证件号码"), "member__id_number"),
            birth_date(_("出生日期"), "member__birth_date"),
            choice(_("劳动技能"), "member__labour_skill", LabourSkill, 14),
            choice(_("就业状态"), "status", EmploymentStatus, 12),
            text(_("用工单位或务工地点"), "employer", 24),
            integer(_("年度"), "year", 8),
            integer(_("今年务工月数"), "months", 10),
            money(_("今年务工收入（元）"), "income"),
            date(_("最近随访日期"), "followed_on"),
        ],
        filterset=EmploymentRecordFilter,
        order_by=("household__village__code", "household__number", "member_id"),
        status_field="status",
        status_choices=EmploymentStatus.choices,
    )
)


def _appointment_rows():
    return Appointment.objects.annotate(
        months_passed=Count("attendance", filter=Q(attendance__passed=True)),
        subsidy_paid=Sum("attendance__subsidy", filter=Q(attendance__paid_on__isnull=False)),
    )


register(
    Ledger(
        key="welfare_posts",
        title=_("公益岗位台账"),
        description=_(
            "公益岗位聘用：岗位、资金来源、补贴标准、聘用人员、上岗与退岗、考核合格月数和已发补贴。"
        ),
        queryset=_appointment_rows,
        columns=[
            *place_columns("post__village_id"),
            text(_("岗位名称"), "post__name", 14),
            choice(_("岗位类别"), "post__kind", WelfarePost.Kind, 10),
            choice(_("资金来源"), "post__funding_source", WelfarePost.Funding, 18),
            money(_("月补贴标准（元）"), "post__monthly_pay"),
            text(_("户编号"), "household__number", 20),
            text(_("姓名"), "member__name", 10),
            id_number(_("证件号码"), "member__id_number"),
            choice(_("劳动技能"), "member__labour_skill", LabourSkill, 14),
            date(_("拟聘日期"), "proposed_on"),
            date(_("上岗日期"), "start_on"),
            choice(_("状态"), "status", Appointment.Status, 8),
            date(_("退岗日期"), "end_on"),
            choice(_("退岗原因"), "exit_reason", Appointment.ExitReason, 14),
            integer(_("考核合格月数"), "months_passed", 10),
            money(_("已发补贴（元）"), "subsidy_paid"),
        ],
        filterset=AppointmentFilter,
        order_by=("post__village__code", "post__name", "pk"),
        status_field="status",
        status_choices=Appointment.Status.choices,
        date_field="proposed_on",
        date_label=_("拟聘日期"),
    )
)
