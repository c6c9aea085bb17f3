"""小额信贷台账 in the banks' usual columns (借款人, 身份证号, 贷款银行, 贷款金额 …)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microcredit.filters import LoanFilter
from microcredit.models import Loan

from ..columns import choice, computed, date, flag, id_number, integer, money, text
from ..registry import Ledger, register
from .common import place_columns


def repayment_state(status: str, principal_repaid: Decimal | None, amount: Decimal | None) -> str:
    """还款情况 as the banks write it: 已结清; 正常 or 逾期, with the principal repaid so far."""
    if status == Loan.Status.SETTLED:
        return "已结清"
    if status in (Loan.Status.PENDING, Loan.Status.CANCELLED):
        return str(Loan.Status(status).label)
    state = "逾期" if status == Loan.Status.OVERDUE else "正常"
    return f"{state}，已还本金{principal_repaid:,.2f}元" if principal_repaid else f"{state}，未还本金"


def overdue_days(since) -> int | None:
    return (timezone.localdate() - since).days if since else None


def percent(value) -> str:
    return f"{value}%" if value is not None else ""


register(
    Ledger(
        key="microcredit",
        title=_("小额信贷台账"),
        description=_("扶贫小额信贷：借款人、贷款银行、金额、期限、利率、贴息、用途、还款与逾期、展期。"),
        queryset=lambda: Loan.objects.all(),
        columns=[
            *place_columns("household__village_id"),
            text(_("户编号"), "household__number", 20),
            text(_("借款人"), "borrower__name", 10),
            id_number(_("身份证号"), "borrower__id_number"),
            text(_("贷款银行"), "bank", 16),
            money(_("贷款金额（元）"), "amount"),
            date(_("发放日期"), "issued_on"),
            date(_("到期日期"), "due_on"),
            integer(_("期限（月）"), "term_months", 8),
            computed(_("年利率"), ("annual_rate",), percent, 8),
            computed(_("贴息利率"), ("subsidy_rate",), percent, 8),
            money(_("贴息金额（元）"), "subsidy_amount"),
            text(_("贷款用途"), "purpose", 20),
            money(_("已还本金（元）"), "principal_repaid"),
            money(_("已还利息（元）"), "interest_repaid"),
            computed(_("还款情况"), ("status", "principal_repaid", "amount"), repayment_state, 18),
            computed(_("逾期天数"), ("overdue_since",), overdue_days, 8, kind="int"),
            flag(_("是否展期"), "extended"),
            choice(_("状态"), "status", Loan.Status, 8),
        ],
        filterset=LoanFilter,
        order_by=("household__village__code", "household__number", "pk"),
        status_field="status",
        status_choices=Loan.Status.choices,
        date_field="issued_on",
        date_label=_("发放日期"),
    )
)
