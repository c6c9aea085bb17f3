"""Appeals (申诉/复核, SPEC 9b): a household contests a decision of its case through a village cadre.

登记 (village) → 乡镇复核 (township: forward to the county, or dismiss) → 县级复核 (county: the
decision upheld or overturned) → 结果告知 (village: the household was told; the appeal closes).
An appeal never changes the case by itself: see ``appeals.services.appeal_overturn``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet


class AppealQuerySet(ScopedQuerySet["Appeal"]):
    region_field = "village"

    def open(self) -> "AppealQuerySet":
        return self.exclude(status=Appeal.Status.CLOSED)

    def overdue(self, on: datetime.date | None = None) -> "AppealQuerySet":
        """Open and past the deadline of the step it waits for."""
        return self.open().filter(due_on__lt=on or timezone.localdate())


class Appeal(models.Model):
    class Kind(models.TextChoices):
        REJECTION = "rejection", _("不予纳入")
        ELIMINATION = "elimination", _("风险消除")
        OBJECTION = "objection", _("公示异议")

    class Status(models.TextChoices):
        TOWNSHIP = "township", _("待乡镇复核")
        COUNTY = "county", _("待县级复核")
        INFORMING = "informing", _("待结果告知")
        CLOSED = "closed", _("已办结")

    class Outcome(models.TextChoices):
        DISMISSED = "dismissed", _("乡镇复核驳回")
        UPHELD = "upheld", _("县级复核维持原决定")
        OVERTURNED = "overturned", _("县级复核撤销原决定")

    class Way(models.TextChoices):
        IN_PERSON = "in_person", _("当面告知")
        PHONE = "phone", _("电话告知")
        WRITTEN = "written", _("书面送达")
        OTHER = "other", _("其他")

    OPEN_STATUSES = (Status.TOWNSHIP, Status.COUNTY, Status.INFORMING)
    # The step each open status waits for, as named on pages and in the ledger.
    STEP_NAMES = {
        Status.TOWNSHIP: _("乡镇复核"),
        Status.COUNTY: _("县级复核"),
        Status.INFORMING: _("结果告知"),
    }

    case = models.ForeignKey(
        "monitoring.Case", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("监测记录")
    )
    # The decision appealed: a rejection, the county's elimination or an objection step of the case.
    decision = models.ForeignKey(
        "monitoring.CaseStep", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("申诉的决定")
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("农户")
    )
    # The case's village, copied so scope filters on the appeal's own index.
    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("村")
    )
    kind = models.CharField(_("申诉事项"), max_length=12, choices=Kind.choices)
    appellant = models.CharField(_("申诉人"), max_length=64)
    received_on = models.DateField(_("收到申诉日期"))
    grounds = models.TextField(_("申诉理由"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.TOWNSHIP)
    outcome = models.CharField(_("复核结果"), max_length=12, choices=Outcome.choices, blank=True)
    # When the appeal reached the step it waits for, and that step's deadline (policy appeal_*_days).
    step_since = models.DateField(_("进入当前步骤日期"))
    due_on = models.DateField(_("当前步骤办理时限"))
    township_opinion = models.TextField(_("乡镇复核意见"), blank=True)
    township_on = models.DateField(_("乡镇复核日期"), null=True, blank=True)
    county_opinion = models.TextField(_("县级复核意见"), blank=True)
    county_on = models.DateField(_("县级复核日期"), null=True, blank=True)
    # What an overturned decision led to (a rollback done, a re-nomination asked for …).
    follow_up = models.CharField(_("后续处理"), max_length=200, blank=True)
    informed_on = models.DateField(_("告知日期"), null=True, blank=True)
    inform_way = models.CharField(_("告知方式"), max_length=12, choices=Way.choices, blank=True)
    inform_note = models.CharField(_("告知说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        indexes = [
            models.Index(fields=["village", "status", "due_on"], name="appeal_village_status_due"),
            models.Index(fields=["status", "due_on"], name="appeal_status_due"),
            models.Index(fields=["updated_at", "id"], name="appeal_updated_cursor"),
        ]
        constraints = [
            # One open appeal per decision; a closed one may be followed by another.
            models.UniqueConstraint(
                fields=["decision"], condition=~Q(status="closed"), name="appeal_one_open_per_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.get_kind_display()} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("appeals:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def step_name(self) -> str:
        return str(self.STEP_NAMES.get(self.status, ""))  # type: ignore[call-overload]

    @property
    def days_left(self) -> int | None:
        """Days until the current step's deadline (negative when overdue); None once closed."""
        return (self.due_on - timezone.localdate()).days if self.is_open else None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class AppealStep(models.Model):
    """One step taken on an appeal (the timeline). Kept for ever."""

    class Action(models.TextChoices):
        REGISTER = "register", _("登记")
        FORWARD = "forward", _("乡镇复核：报县级复核")
        DISMISS = "dismiss", _("乡镇复核：驳回申诉")
        UPHOLD = "uphold", _("县级复核：维持原决定")
        OVERTURN = "overturn", _("县级复核：撤销原决定")
        INFORM = "inform", _("结果告知")

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(_("办理事项"), max_length=12, choices=Action.choices)
    opinion = models.TextField(_("意见"), blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=12)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申诉办理记录")
        verbose_name_plural = _("申诉办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["appeal", "at"], name="appealstep_appeal_at")]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.action}"


class AppealAttachment(models.Model):
    """A scan or photo the household handed in with its appeal (private media)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("材料"), upload_to="appeals/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file.name or ""
