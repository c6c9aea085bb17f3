"""Area alerts (区域性、规模性返贫风险预警, issue 18 item 4).

An alert is opened by ``grading.services.alerts.alerts_evaluate`` when, in one village or township,
the share of red/orange households, of households with new clues of one risk type, or of households
whose income dropped crosses its policy threshold. At most one alert per region, kind and subject is
active (open or acknowledged) at a time: the database refuses a second one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet


class AlertKind(models.TextChoices):
    GRADE_SHARE = "grade_share", _("红橙户占比偏高")
    CLUE_SURGE = "clue_surge", _("同类线索集中出现")
    INCOME_DROP = "income_drop", _("收入集中下降")


class AreaAlertQuerySet(ScopedQuerySet["AreaAlert"]):
    region_field = "region"

    def active(self) -> "AreaAlertQuerySet":
        return self.filter(status__in=AreaAlert.ACTIVE)


class AreaAlert(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        ACKNOWLEDGED = "acknowledged", _("已确认")
        CLOSED = "closed", _("已关闭")

    ACTIVE = (Status.OPEN, Status.ACKNOWLEDGED)

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("区域")
    )
    kind = models.CharField(_("预警类型"), max_length=16, choices=AlertKind.choices)
    # The risk type of a clue surge (households.choices.RiskType); empty for the other kinds.
    subject = models.CharField(_("预警对象"), max_length=16, blank=True)
    window_start = models.DateField(_("统计起始日期"))
    window_end = models.DateField(_("统计截止日期"))
    households_count = models.PositiveIntegerField(_("涉及户数"))
    base_count = models.PositiveIntegerField(_("区域定级户数"))
    share = models.DecimalField(_("占比"), max_digits=5, decimal_places=4)
    threshold = models.DecimalField(_("阈值"), max_digits=5, decimal_places=4)
    summary = models.CharField(_("预警说明"), max_length=200)
    households = models.ManyToManyField(
        "households.Household", through="AreaAlertHousehold", related_name="+", verbose_name=_("涉及农户")
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("预警时间"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("关闭人"),
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    close_note = models.CharField(_("处置结果"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    objects = AreaAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("区域预警")
        verbose_name_plural = _("区域预警")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "subject"],
                condition=Q(status__in=["open", "acknowledged"]),
                name="areaalert_one_active",
            )
        ]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="areaalert_updated_cursor"),
            models.Index(fields=["status", "opened_at"], name="areaalert_status_opened"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.get_kind_display()}"

    @property
    def place(self) -> str:
        """栗子乡建龙村 for a village, 栗子乡 for a township (select ``region__parent``)."""
        region = self.region
        if region.level == region.Level.VILLAGE and region.parent is not None:
            return f"{region.parent.name}{region.name}"
        return region.name

    @property
    def subject_label(self) -> str:
        from households.choices import RiskType

        return str(RiskType(self.subject).label) if self.subject in RiskType.values else self.subject


class AreaAlertHousehold(models.Model):
    """A household counted by an alert, as it stood when the alert opened."""

    alert = models.ForeignKey(AreaAlert, on_delete=models.CASCADE, related_name="rows")
    household = models.ForeignKey("households.Household", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "household"], name="areaalerthousehold_unique")
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.household_id}"


class AreaAlertNote(models.Model):
    """A follow-up note (跟进记录) on an alert."""

    alert = models.ForeignKey(AreaAlert, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("跟进情况"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人")
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预警跟进记录")
        verbose_name_plural = _("预警跟进记录")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.created_at:%Y-%m-%d}"
