"""Yearly income of revenue assets and its democratic distribution (seed 001 line 421)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet

from .ledger import MONEY, Asset


class AssetIncomeQuerySet(ScopedQuerySet["AssetIncome"]):
    region_field = "asset__region"


class AssetIncome(models.Model):
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="incomes")
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("收益（元）"), **MONEY)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AssetIncomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("资产收益")
        verbose_name_plural = _("资产收益")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "year"], name="income_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="income_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.year} {self.amount}"


class DistributionPlanQuerySet(ScopedQuerySet["DistributionPlan"]):
    region_field = "asset__region"


class DistributionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟")
        DECIDED = "decided", _("已民主决策")
        PUBLISHED = "published", _("已公示")

    class Method(models.TextChoices):
        WAGES = "wages", _("参加村内项目建设劳动分配")
        CASH = "cash", _("直接分配")
        PUBLIC = "public", _("公益事业/公积公益金")

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="distribution_plans")
    year = models.PositiveSmallIntegerField(_("收益年度"))
    amount = models.DecimalField(_("分配金额（元）"), **MONEY)
    method = models.CharField(_("分配方式"), max_length=8, choices=Method.choices, default=Method.WAGES)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    meeting_on = models.DateField(_("会议日期"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("赞成票"), default=0)
    votes_against = models.PositiveIntegerField(_("反对票"), default=0)
    votes_abstain = models.PositiveIntegerField(_("弃权票"), default=0)
    minutes = models.TextField(_("会议纪要"), blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = DistributionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("收益分配方案")
        verbose_name_plural = _("收益分配方案")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "year"], name="distribution_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="distribution_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(meeting_on__isnull=False),
                name="distribution_decided_has_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset.name} {self.year} {self.amount}"


class DistributionShare(models.Model):
    plan = models.ForeignKey(DistributionPlan, on_delete=models.CASCADE, related_name="shares")
    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="asset_shares"
    )
    amount = models.DecimalField(_("分配金额（元）"), **MONEY)

    class Meta:
        verbose_name = _("分配对象")
        verbose_name_plural = _("分配对象")
        constraints = [
            models.UniqueConstraint(fields=["plan", "household"], name="share_once_per_household"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="share_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.amount}"
