"""The asset operation and maintenance fund (运维基金) of a county (seed 001 line 419):
"针对公益性扶贫项目资产，设立扶贫项目资产运维基金，对…较为严重损毁情况，逐级申报专项基金予以解决".

Money comes in as contributions; a request for a damaged public-benefit asset goes up level by
level (village or township → township review → county approval with an amount) and the approved
money is spent in one or more payments. The fund's balance is always computed, never stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Role
from accounts.scope import ScopedQuerySet

from .care import MaintenanceReport
from .ledger import MONEY, Asset


class ContributionQuerySet(ScopedQuerySet["FundContribution"]):
    # The fund is the county's: its money is the county's (and its viewers') to see.
    region_field = "county"
    scope_roles = (Role.COUNTY, Role.VIEWER)


class FundContribution(models.Model):
    class Source(models.TextChoices):
        BUDGET = "budget", _("财政预算安排")
        ASSET_INCOME = "asset_income", _("资产收益提取")
        DONATION = "donation", _("社会捐赠")
        OTHER = "other", _("其他")

    county = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("区县")
    )
    received_on = models.DateField(_("到账日期"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    source = models.CharField(_("资金来源"), max_length=16, choices=Source.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("运维基金筹集")
        verbose_name_plural = _("运维基金筹集")
        ordering = ["-received_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fund_contribution_positive")]

    def __str__(self) -> str:
        return f"{self.county} {self.received_on} {self.amount}"


class FundRequestQuerySet(ScopedQuerySet["FundRequest"]):
    region_field = "asset__region"


class FundRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("待乡镇审核")
        REVIEWED = "reviewed", _("待县级审批")
        APPROVED = "approved", _("已批准待支出")
        COMPLETED = "completed", _("已办结")
        REJECTED = "rejected", _("未通过")

    OPEN_STATUSES = (Status.REQUESTED, Status.REVIEWED, Status.APPROVED)

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="fund_requests")
    # The fund the request draws on: the county of the asset's region (kept for the balance query).
    county = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("区县")
    )
    damage_report = models.ForeignKey(
        MaintenanceReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_requests",
        verbose_name=_("损毁报告"),
    )
    amount_requested = models.DecimalField(_("申请金额（元）"), **MONEY)
    amount_approved = models.DecimalField(_("批准金额（元）"), **MONEY, null=True, blank=True)
    reason = models.TextField(_("损毁情况及维修方案"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # Moved by every transition (common.workflow), like the other workflows' rows.
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = FundRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("运维基金申请")
        verbose_name_plural = _("运维基金申请")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["county", "status"], name="fundrequest_county_status")]
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="fund_request_positive"),
            models.CheckConstraint(
                condition=Q(amount_approved__isnull=True)
                | Q(amount_approved__lte=models.F("amount_requested")),
                name="fund_request_approved_within_requested",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "completed"]) | Q(amount_approved__gt=0),
                name="fund_request_approved_has_amount",
            ),
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(status__in=["requested", "reviewed", "approved"]),
                name="fund_request_one_open_per_asset",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.amount_requested}"


class FundRequestStep(models.Model):
    """The log of a request: who did what, in which role, with which opinion."""

    request = models.ForeignKey(FundRequest, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("操作"), max_length=12)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    opinion = models.TextField(_("意见"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=12)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    ACTION_LABELS = {
        "request": _("申报"),
        "review": _("审核通过"),
        "approve": _("批准"),
        "reject": _("不予通过"),
        "complete": _("办结"),
    }

    def __str__(self) -> str:
        return f"{self.request} {self.action_label}"

    @property
    def action_label(self) -> str:
        return str(self.ACTION_LABELS.get(self.action, self.action))

    @property
    def status_label(self) -> str:
        return str(FundRequest.Status(self.to_status).label)


class FundSpending(models.Model):
    """One payment out of an approved request (they never add up to more than the approval)."""

    request = models.ForeignKey(FundRequest, on_delete=models.PROTECT, related_name="spendings")
    spent_on = models.DateField(_("支出日期"))
    amount = models.DecimalField(_("支出金额（元）"), **MONEY)
    payee = models.CharField(_("收款单位/人"), max_length=100)
    note = models.CharField(_("用途说明"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("运维基金支出")
        verbose_name_plural = _("运维基金支出")
        ordering = ["spent_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fund_spending_positive")]

    def __str__(self) -> str:
        return f"{self.request} {self.spent_on} {self.amount}"
