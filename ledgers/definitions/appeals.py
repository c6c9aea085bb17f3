"""申诉台账: every appeal with its decision, the two reviews, the result and when the household was told."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appeals.filters import AppealFilter
from appeals.models import Appeal

from ..columns import choice, computed, date, text
from ..registry import Ledger, register
from .common import place_columns


def step_waiting(status: str) -> str:
    return str(Appeal.STEP_NAMES.get(status, ""))  # type: ignore[call-overload]


def due_while_open(due_on, status: str):
    """A closed appeal has no deadline left to meet."""
    return None if status == Appeal.Status.CLOSED else due_on


def overdue_mark(due_on, status: str) -> str:
    late = status != Appeal.Status.CLOSED and due_on < timezone.localdate()
    return str(_("逾期")) if late else ""


register(
    Ledger(
        key="appeals",
        title=_("申诉台账"),
        description=_(
            "农户对不予纳入、风险消除或公示异议的申诉：申诉理由、乡镇与县级复核意见、复核结果、结果告知。"
        ),
        queryset=lambda: Appeal.objects.all(),
        columns=[
            *place_columns("village_id"),
            text(_("户编号"), "household__number", 20),
            text(_("户主姓名"), "household__head_name", 10),
            text(_("申诉人"), "appellant", 10),
            choice(_("申诉事项"), "kind", Appeal.Kind, 10),
            date(_("收到申诉日期"), "received_on"),
            text(_("申诉理由"), "grounds", 30),
            choice(_("状态"), "status", Appeal.Status, 10),
            computed(_("待办步骤"), ("status",), step_waiting, 10),
            computed(_("办理时限"), ("due_on", "status"), due_while_open, 12, kind="date"),
            computed(_("是否逾期"), ("due_on", "status"), overdue_mark, 8),
            text(_("乡镇复核意见"), "township_opinion", 24),
            date(_("乡镇复核日期"), "township_on"),
            text(_("县级复核意见"), "county_opinion", 24),
            date(_("县级复核日期"), "county_on"),
            choice(_("复核结果"), "outcome", Appeal.Outcome, 16),
            text(_("后续处理"), "follow_up", 24),
            date(_("告知日期"), "informed_on"),
            choice(_("告知方式"), "inform_way", Appeal.Way, 10),
        ],
        filterset=AppealFilter,
        order_by=("village__code", "household__number", "pk"),
        status_field="status",
        status_choices=Appeal.Status.choices,
        category_field="kind",
        category_filter="kind",
        category_choices=Appeal.Kind.choices,
        date_field="received_on",
        date_label=_("收到申诉日期"),
    )
)
