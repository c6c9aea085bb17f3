"""监测对象台账 and 季度研判台账."""

from django.utils.translation import gettext_lazy as _

from households.choices import Relationship
from households.models import Household, Member
from households.selectors import income_line_condition
from monitoring.filters import CaseFilter
from monitoring.models import Case, CaseRisk, Category, Channel, EliminationType
from monitoring.reviews import ReviewEntry, ReviewRound

from ..columns import choice, computed, date, extra, integer, phone, text
from ..registry import Ledger, register
from .common import place_columns


def case_risks(pks: list) -> dict:
    risks: dict = {}
    for case_id, risk, subtype in (
        CaseRisk.objects.filter(case_id__in=pks)
        .order_by("case_id", "pk")
        .values_list("case_id", "risk_type", "disaster_subtype")
    ):
        label = f"{risk}（{subtype}）" if subtype else risk
        risks[case_id] = f"{risks[case_id]}、{label}" if case_id in risks else label
    return risks


def step_in_procedure(step: int, status: str) -> int | None:
    """A finished or monitored case waits for no step: the cell stays blank, not 0."""
    return step if status in Case.PROCEDURE_STATUSES and step else None


def deadline_unless_rejected(deadline, status: str):
    """A case that was not enrolled (未纳入) has no deadline left to meet."""
    return None if status == Case.Status.REJECTED else deadline


def case_head_ids(pks: list) -> dict:
    """The household head's ID number per case (one query per chunk, not per row)."""
    heads = Member.objects.filter(
        household__cases__pk__in=pks, relationship=Relationship.HEAD, removed_on__isnull=True
    ).values_list("household__cases__pk", "id_number")
    return {case_id: number for case_id, number in heads if case_id in set(pks)}


def case_below_line(pks: list) -> dict:
    """低于监测范围 per case by the register's one rule (``households.selectors``, as the household
    list, page, dashboard and API): 是 / 否, or 无 when no income record counts or no line is set."""
    households = Household.objects.filter(cases__pk__in=pks)
    judged = dict(households.filter(income_line_condition(below=False)).values_list("cases__pk", "pk"))
    below = set(households.filter(income_line_condition()).values_list("cases__pk", flat=True))
    return {pk: ("是" if pk in below else "否") if pk in judged else "无" for pk in pks}


register(
    Ledger(
        key="cases",
        title=_("监测对象台账"),
        description=_("监测对象户：类型、风险、发现方式、状态与办理日期。"),
        queryset=lambda: Case.objects.all(),
        columns=[
            *place_columns("village_id"),
            text(_("户编号"), "household__number", 20),
            text(_("户主姓名"), "household__head_name", 10),
            extra(_("户主证件号码"), "head_id", 22, mask="id"),
            phone(_("联系电话"), "household__phone"),
            integer(_("家庭人口"), "household__member_count", 8),
            choice(_("监测对象类型"), "category", Category, 14),
            extra(_("风险类型"), "risks", 20),
            choice(_("发现方式"), "channel", Channel, 12),
            choice(_("状态"), "status", Case.Status, 12),
            computed(_("当前步骤"), ("step", "status"), step_in_procedure, 8, kind="int"),
            date(_("发现风险日期"), "found_on"),
            computed(_("办理时限"), ("deadline", "status"), deadline_unless_rejected, 12, kind="date"),
            date(_("纳入日期"), "enrolled_on"),
            choice(_("消除类型"), "elimination_type", EliminationType, 10),
            date(_("风险消除日期"), "eliminated_on"),
            extra(_("低于监测范围"), "below_line", 10),
        ],
        filterset=CaseFilter,
        order_by=("village__code", "household__number", "pk"),
        status_field="status",
        status_choices=Case.Status.choices,
        category_field="category",
        category_choices=Category.choices,
        date_field="found_on",
        date_label=_("发现风险日期"),
        extras={"risks": case_risks, "head_id": case_head_ids, "below_line": case_below_line},
    )
)


register(
    Ledger(
        key="reviews",
        title=_("季度研判台账"),
        description=_("每季度风险专题研判：每个监测对象的风险状态、帮扶方案调整，研判日期与参加人员。"),
        queryset=lambda: ReviewEntry.objects.all(),
        columns=[
            *place_columns("round__village_id"),
            integer(_("年度"), "round__year", 8),
            integer(_("季度"), "round__quarter", 6),
            choice(_("研判状态"), "round__status", ReviewRound.Status, 10),
            date(_("研判日期"), "round__held_on"),
            text(_("参加人员"), "round__participants", 24),
            text(_("户编号"), "case__household__number", 20),
            text(_("户主姓名"), "case__household__head_name", 10),
            choice(_("监测对象类型"), "case__category", Category, 14),
            choice(_("风险状态"), "risk_status", ReviewEntry.RiskStatus, 12),
            text(_("帮扶方案调整"), "plan_changes", 30),
            text(_("备注"), "note", 24),
        ],
        region_field="round__village",
        order_by=("-round__year", "-round__quarter", "round__village__code", "case__household__number", "pk"),
        status_field="round__status",
        status_choices=ReviewRound.Status.choices,
        category_field="risk_status",
        category_choices=ReviewEntry.RiskStatus.choices,
        date_field="round__held_on",
        date_label=_("研判日期"),
    )
)
