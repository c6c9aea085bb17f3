"""扶贫小额信贷 (seed 002 line 493): loans of 脱贫户 and monitored households, their repayment
schedule, repayments and extensions (展期).

A loan is written through ``microcredit.services`` only. The amounts the ledger and the lists
show (repaid principal, 贴息, the day it fell overdue) are kept on the loan by the services, so
lists never add up the schedule row by row.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet

money: dict[str, Any] = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}
rate: dict[str, Any] = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class LoanQuerySet(ScopedQuerySet["Loan"]):
    region_field = "household__village"

    def running(self) -> "LoanQuerySet":
        return self.filter(status__in=Loan.RUNNING_STATUSES)


class Loan(models.Model):
    """One loan of one household, to one of its members (the borrower)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发放")
        NORMAL = "normal", _("正常")
        OVERDUE = "overdue", _("逾期")
        EXTENDED = "extended", _("展期")
        SETTLED = "settled", _("已结清")
        CANCELLED = "cancelled", _("已取消")

    class Method(models.TextChoices):
        QUARTERLY_INTEREST = "quarterly", _("按季付息、到期还本")
        EQUAL_PRINCIPAL = "equal_principal", _("等额本金（按月）")

    RUNNING_STATUSES = (Status.NORMAL, Status.OVERDUE, Status.EXTENDED)

    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="loans", verbose_name=_("农户")
    )
    borrower = models.ForeignKey(
        "households.Member", on_delete=models.PROTECT, related_name="loans", verbose_name=_("借款人")
    )
    bank = models.CharField(_("贷款银行"), max_length=60)
    amount = models.DecimalField(_("贷款金额（元）"), **money)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"))
    annual_rate = models.DecimalField(_("年利率（%）"), **rate)
    subsidy_rate = models.DecimalField(_("贴息年利率（%）"), default=Decimal(0), **rate)
    method = models.CharField(
        _("还款方式"), max_length=16, choices=Method.choices, default=Method.QUARTERLY_INTEREST
    )
    purpose = models.CharField(_("贷款用途"), max_length=100)
    applied_on = models.DateField(_("登记日期"))
    issued_on = models.DateField(_("发放日期"), null=True, blank=True)
    due_on = models.DateField(_("到期日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # Kept by the services.
    principal_repaid = models.DecimalField(_("已还本金（元）"), default=Decimal(0), **money)
    interest_repaid = models.DecimalField(_("已还利息（元）"), default=Decimal(0), **money)
    subsidy_amount = models.DecimalField(_("贴息金额（元）"), default=Decimal(0), **money)
    overdue_since = models.DateField(_("逾期起始日期"), null=True, blank=True)
    extended = models.BooleanField(_("是否展期"), default=False)
    settled_on = models.DateField(_("结清日期"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("小额信贷")
        verbose_name_plural = _("小额信贷")
        indexes = [
            models.Index(fields=["household", "status"], name="loan_household_status"),
            models.Index(fields=["status", "overdue_since"], name="loan_status_overdue"),
            models.Index(fields=["updated_at", "id"], name="loan_updated_cursor"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="loan_amount_positive"),
            models.CheckConstraint(condition=Q(term_months__gt=0), name="loan_term_positive"),
            models.CheckConstraint(
                condition=Q(subsidy_rate__lte=models.F("annual_rate")), name="loan_subsidy_within_rate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank} {self.amount}（{self.get_status_display()}）"

    @property
    def principal_outstanding(self) -> Decimal:
        return self.amount - self.principal_repaid


class Instalment(models.Model):
    """One row of the repayment schedule: what is due on a day, and what was paid against it."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("期数"))
    due_on = models.DateField(_("应还日期"))
    principal = models.DecimalField(_("应还本金（元）"), **money)
    interest = models.DecimalField(_("应还利息（元）"), **money)
    subsidy = models.DecimalField(_("贴息（元）"), default=Decimal(0), **money)
    paid_principal = models.DecimalField(_("已还本金（元）"), default=Decimal(0), **money)
    paid_interest = models.DecimalField(_("已还利息（元）"), default=Decimal(0), **money)

    class Meta:
        verbose_name = _("还款计划")
        verbose_name_plural = _("还款计划")
        ordering = ["loan", "number"]
        constraints = [models.UniqueConstraint(fields=["loan", "number"], name="instalment_unique_number")]
        indexes = [models.Index(fields=["due_on"], name="instalment_due")]

    def __str__(self) -> str:
        return f"{self.loan_id} #{self.number} {self.due_on}"

    @property
    def unpaid(self) -> Decimal:
        return self.principal + self.interest - self.paid_principal - self.paid_interest


class Repayment(models.Model):
    """A repayment as recorded by the village (from the bank's slip)."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments")
    paid_on = models.DateField(_("还款日期"))
    principal = models.DecimalField(_("本金（元）"), **money)
    interest = models.DecimalField(_("利息（元）"), **money)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("还款记录")
        verbose_name_plural = _("还款记录")
        ordering = ["loan", "paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.paid_on} {self.principal}+{self.interest}"


class Extension(models.Model):
    """展期: the new due date and its reason, who recorded it (history keeps the rest)."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="extensions")
    old_due_on = models.DateField(_("原到期日期"))
    new_due_on = models.DateField(_("展期后到期日期"))
    reason = models.CharField(_("展期原因"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("展期记录")
        verbose_name_plural = _("展期记录")
        ordering = ["loan", "created_at"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.old_due_on} → {self.new_due_on}"
