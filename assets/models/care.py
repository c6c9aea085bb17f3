"""Maintenance and damage reports, and yearly performance evaluation notes (SPEC 7)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet

from .ledger import MONEY, Asset


class AssetReportQuerySet(ScopedQuerySet):
    region_field = "asset__region"


class MaintenanceReport(models.Model):
    class Kind(models.TextChoices):
        MAINTENANCE = "maintenance", _("日常管护")
        DAMAGE = "damage", _("损毁报告")

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="maintenance_reports")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    reported_on = models.DateField(_("日期"))
    description = models.TextField(_("情况说明"))
    cost = models.DecimalField(_("费用（元）"), **MONEY, null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssetReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("管护/损毁报告")
        verbose_name_plural = _("管护/损毁报告")
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="report_cost_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.get_kind_display()} {self.reported_on}"


class PerformanceNote(models.Model):
    class Rating(models.TextChoices):
        GOOD = "good", _("好")
        FAIR = "fair", _("较好")
        AVERAGE = "average", _("一般")
        POOR = "poor", _("差")

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="performance_notes")
    year = models.PositiveSmallIntegerField(_("年度"))
    rating = models.CharField(_("绩效评价"), max_length=8, choices=Rating.choices)
    note = models.TextField(_("评价说明"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AssetReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("绩效评价")
        verbose_name_plural = _("绩效评价")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["asset", "year"], name="performance_once_per_year")]

    def __str__(self) -> str:
        return f"{self.asset} {self.year} {self.get_rating_display()}"
