"""Quarterly risk review (风险专题研判, Fengdu plan line 268): models.

Each quarter every village reviews every case it monitors. One round per village per quarter lists
those cases; each entry records the risk status and changes to the assistance plan.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, 3 * quarter - 2, 1)
    after = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, after - datetime.timedelta(days=1)


class ReviewRoundQuerySet(ScopedQuerySet["ReviewRound"]):
    region_field = "village"

    def open(self) -> "ReviewRoundQuerySet":
        return self.filter(status=ReviewRound.Status.OPEN)


class ReviewRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("研判中")
        COMPLETED = "completed", _("已完成")

    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    held_on = models.DateField(_("研判日期"), null=True, blank=True)
    participants = models.TextField(_("参加人员"), blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Moved by every change of the round or of its entries: the API's incremental pulls.
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("风险专题研判")
        verbose_name_plural = _("风险专题研判")
        ordering = ["-year", "-quarter", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "quarter"], name="reviewround_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="reviewround_quarter"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "quarter", "status"], name="reviewround_quarter_status"),
            models.Index(fields=["updated_at", "id"], name="reviewround_updated_cursor"),
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.year}年第{self.quarter}季度"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:review", args=[self.pk])

    @property
    def last_day(self) -> datetime.date:
        return quarter_bounds(self.year, self.quarter)[1]


class ReviewEntryQuerySet(ScopedQuerySet["ReviewEntry"]):
    region_field = "round__village"


class ReviewEntry(models.Model):
    class RiskStatus(models.TextChoices):
        PERSISTING = "persisting", _("风险持续")
        EASING = "easing", _("风险缓解")
        READY = "ready", _("具备消除条件")

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey("monitoring.Case", on_delete=models.PROTECT, related_name="review_entries")
    # Blank until the village records the entry; the round completes only when none is blank.
    risk_status = models.CharField(_("风险状态"), max_length=12, choices=RiskStatus.choices, blank=True)
    plan_changes = models.TextField(_("帮扶方案调整"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("研判记录")
        verbose_name_plural = _("研判记录")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "case"], name="reviewentry_once_per_round")]

    def __str__(self) -> str:
        return f"{self.round} · {self.case_id}"
