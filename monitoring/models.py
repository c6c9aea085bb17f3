"""Monitoring cases (监测对象) and their step log (SPEC 4).

This module holds the core every other app relies on: the case, its risk types and its steps.
The five-step workflow (services, transition table) lives in ``monitoring.services``; the
quarterly risk review in ``monitoring.reviews`` (models) and ``monitoring.services.reviews``.
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
from households.choices import DisasterSubtype, RiskType


class Category(models.TextChoices):
    UNSTABLE_FORMER_POOR = "脱贫不稳定户", _("脱贫不稳定户")
    EDGE = "边缘易致贫户", _("边缘易致贫户")
    SUDDEN_HARDSHIP = "突发严重困难户", _("突发严重困难户")


class Channel(models.TextChoices):
    APPLICATION = "农户自主申报", _("农户自主申报")
    CADRE_VISIT = "干部走访排查", _("干部走访排查")
    DEPARTMENT = "部门筛查预警", _("部门筛查预警")
    SWEEP = "集中排查", _("集中排查")


class EliminationType(models.TextChoices):
    ASSISTED = "帮扶消除", _("帮扶消除")
    NATURAL = "自然消除", _("自然消除")


# 村提名 → 入户核实 → 村级评议 → 乡镇联合审核 → 县审定, the same way in and out (Fengdu plan, line 268).
STEP_NAMES = {1: _("村提名"), 2: _("入户核实"), 3: _("村级评议"), 4: _("乡镇联合审核"), 5: _("县审定")}


class CaseQuerySet(ScopedQuerySet["Case"]):
    region_field = "village"

    def open(self) -> "CaseQuerySet":
        return self.filter(status__in=Case.OPEN_STATUSES)

    def monitored(self) -> "CaseQuerySet":
        """Enrolled and not eliminated: 监测中, including cases on their way out."""
        return self.filter(status__in=(Case.Status.MONITORED, Case.Status.EXITING))

    def in_procedure(self) -> "CaseQuerySet":
        return self.filter(status__in=Case.PROCEDURE_STATUSES)

    def overdue(self, on: datetime.date | None = None) -> "CaseQuerySet":
        """In a procedure and past the deadline (SPEC 4: flagged on lists and dashboards)."""
        return self.in_procedure().filter(deadline__lt=on or timezone.localdate())

    def in_notice(self, on: datetime.date | None = None) -> "CaseQuerySet":
        """Cases whose village public notice (公示) runs on ``on``."""
        on = on or timezone.localdate()
        return self.in_procedure().filter(step=4, notice_start__lte=on, notice_end__gte=on)


class Case(models.Model):
    class Status(models.TextChoices):
        ENROLLING = "enrolling", _("纳入程序中")
        MONITORED = "monitored", _("监测中")
        EXITING = "exiting", _("风险消除程序中")
        ELIMINATED = "eliminated", _("风险已消除")
        REJECTED = "rejected", _("未纳入")

    # A household has at most one case in these states (database constraint below).
    OPEN_STATUSES = (Status.ENROLLING, Status.MONITORED, Status.EXITING)
    # The two states in which the five steps run (step 1–5).
    PROCEDURE_STATUSES = (Status.ENROLLING, Status.EXITING)

    household = models.ForeignKey("households.Household", on_delete=models.PROTECT, related_name="cases")
    # The household's village at nomination, copied so scope filters on the case's own index.
    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("村")
    )
    category = models.CharField(_("监测对象类型"), max_length=8, choices=Category.choices)
    channel = models.CharField(_("发现方式"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.ENROLLING)
    # The step the procedure waits for next (1–5) while enrolling or exiting; 0 otherwise.
    step = models.PositiveSmallIntegerField(_("当前步骤"), default=1)
    found_on = models.DateField(_("发现风险日期"))
    deadline = models.DateField(_("办理时限"))
    enrolled_on = models.DateField(_("纳入日期"), null=True, blank=True)
    elimination_type = models.CharField(
        _("消除类型"), max_length=8, choices=EliminationType.choices, blank=True
    )
    eliminated_on = models.DateField(_("风险消除日期"), null=True, blank=True)
    previous_case = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_cases",
        verbose_name=_("此前监测记录"),
    )
    evidence = models.TextField(_("情况说明"), blank=True)
    # When the case reached its current step: the work queue's "oldest first", and the start of
    # the township opinions that count towards step 4.
    step_since = models.DateTimeField(_("进入当前步骤时间"), default=timezone.now)
    # The village public notice after deliberation (step 3): first and last day, inclusive.
    notice_start = models.DateField(_("公示开始"), null=True, blank=True)
    notice_end = models.DateField(_("公示结束"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测对象")
        verbose_name_plural = _("监测对象")
        indexes = [
            models.Index(fields=["village", "status", "step"], name="case_village_status_step"),
            models.Index(fields=["status", "deadline"], name="case_status_deadline"),
            models.Index(fields=["updated_at", "id"], name="case_updated_cursor"),
            models.Index(fields=["village", "notice_end"], name="case_village_notice"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status__in=("enrolling", "monitored", "exiting")),
                name="case_one_open_per_household",
            ),
            models.CheckConstraint(condition=Q(step__gte=0, step__lte=5), name="case_step_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:detail", args=[self.pk])

    @property
    def in_procedure(self) -> bool:
        return self.status in self.PROCEDURE_STATUSES

    @property
    def procedure(self) -> str:
        """The procedure the current step belongs to (enrolment or exit); "" outside them."""
        procedures: dict[str, str] = {
            self.Status.ENROLLING: CaseStep.Procedure.ENROLMENT,
            self.Status.EXITING: CaseStep.Procedure.EXIT,
        }
        return procedures.get(self.status, "")

    @property
    def step_name(self) -> str:
        return str(STEP_NAMES.get(self.step, "")) if self.in_procedure else ""

    @property
    def is_overdue(self) -> bool:
        return self.in_procedure and self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def days_left(self) -> int | None:
        """Days until the deadline (negative when overdue); None outside a procedure."""
        return (self.deadline - timezone.localdate()).days if self.in_procedure else None

    @property
    def notice_days_left(self) -> int | None:
        """Days of public notice still to run, today included; None when no notice runs."""
        if not self.notice_running or self.notice_end is None:
            return None
        return (self.notice_end - timezone.localdate()).days + 1

    @property
    def notice_running(self) -> bool:
        today = timezone.localdate()
        return bool(self.notice_start and self.notice_end and self.notice_start <= today <= self.notice_end)


class CaseRisk(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risks")
    risk_type = models.CharField(_("风险类型"), max_length=8, choices=RiskType.choices)
    disaster_subtype = models.CharField(
        _("灾害类型"), max_length=4, choices=DisasterSubtype.choices, blank=True
    )

    class Meta:
        verbose_name = _("致贫返贫风险")
        verbose_name_plural = _("致贫返贫风险")
        indexes = [models.Index(fields=["risk_type", "case"], name="caserisk_type_case")]
        constraints = [
            models.UniqueConstraint(fields=["case", "risk_type"], name="caserisk_unique"),
            models.CheckConstraint(
                condition=Q(risk_type="因自然灾害") | Q(disaster_subtype=""),
                name="caserisk_subtype_only_disaster",
            ),
        ]

    def __str__(self) -> str:
        return self.risk_type + (f"（{self.disaster_subtype}）" if self.disaster_subtype else "")


class CaseStep(models.Model):
    """One step taken on a case. Kept for ever: the procedure's audit trail."""

    class Procedure(models.TextChoices):
        ENROLMENT = "enrolment", _("纳入")
        EXIT = "exit", _("风险消除")
        ROLLBACK = "rollback", _("回退")

    class Decision(models.TextChoices):
        PASS = "pass", _("通过")
        REJECT = "reject", _("不予通过")
        RETURN = "return", _("退回上一步")
        NOTE = "note", _("记录")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="steps")
    procedure = models.CharField(_("程序"), max_length=10, choices=Procedure.choices)
    step = models.PositiveSmallIntegerField(_("步骤"))
    decision = models.CharField(_("结论"), max_length=8, choices=Decision.choices)
    opinion = models.TextField(_("意见"), blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=12)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理步骤")
        verbose_name_plural = _("办理步骤")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="casestep_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.procedure} {self.step} {self.decision}"


class StepAttachment(models.Model):
    step = models.ForeignKey(CaseStep, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("材料类型"), max_length=32)
    file = models.FileField(_("文件"), upload_to="cases/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind}: {self.file.name}"


# The quarterly review models live in their own module; imported here so Django finds them.
from .quality_models import QualityCount  # noqa: E402, F401
from .reviews import ReviewEntry, ReviewRound  # noqa: E402, F401
