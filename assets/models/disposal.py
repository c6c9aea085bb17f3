"""Disposal (处置) of state and collective assets: township review, county approval (seed 002)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet

from .ledger import MONEY, Asset


class DisposalQuerySet(ScopedQuerySet["Disposal"]):
    region_field = "asset__region"


class Disposal(models.Model):
    class Kind(models.TextChoices):
        SCRAP = "scrap", _("报废")
        TRANSFER = "transfer", _("转让")
        AUCTION = "auction", _("拍卖")
        EXCHANGE = "exchange", _("置换")
        EQUITY_EXIT = "equity_exit", _("股权退出")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待乡镇审核")
        REVIEWED = "reviewed", _("待县级审批")
        APPROVED = "approved", _("已批准待处置")
        COMPLETED = "completed", _("已处置")
        REJECTED = "rejected", _("未通过")

    OPEN_STATUSES = (Status.REQUESTED, Status.REVIEWED, Status.APPROVED)

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="disposals")
    kind = models.CharField(_("处置方式"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("处置理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    proceeds = models.DecimalField(_("处置收入（元）"), **MONEY, null=True, blank=True)
    proceeds_use = models.CharField(_("收入用途"), max_length=200, blank=True)
    disposed_on = models.DateField(_("处置日期"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # Moved by every transition (common.workflow), like the other workflows' rows.
    updated_at = models.DateTimeField(default=timezone.now)

    objects = DisposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("资产处置")
        verbose_name_plural = _("资产处置")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "asset"], name="disposal_status_asset")]
        constraints = [
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(status__in=["requested", "reviewed", "approved"]),
                name="disposal_one_open_per_asset",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(proceeds__isnull=False, disposed_on__isnull=False),
                name="disposal_completed_has_proceeds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.get_kind_display()}"


class DisposalStep(models.Model):
    """The log of a disposal: who did what, in which role, with which opinion."""

    disposal = models.ForeignKey(Disposal, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("操作"), max_length=12)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    opinion = models.TextField(_("意见"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=12)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
