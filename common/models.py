from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import User
from accounts.scope import ScopedQuerySet

from .policies import POLICIES


class PolicySettingQuerySet(ScopedQuerySet["PolicySetting"]):
    pass


class PolicySetting(models.Model):
    """A county's (or the city's) override of a configurable policy number."""

    key = models.CharField(_("规则"), max_length=40, choices=[(k, p.label) for k, p in POLICIES.items()])
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("适用区域"))
    value = models.DecimalField(_("取值"), max_digits=12, decimal_places=2)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PolicySettingQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策参数")
        verbose_name_plural = _("政策参数")
        constraints = [models.UniqueConstraint(fields=["key", "region"], name="policy_unique_per_region")]

    def __str__(self) -> str:
        return f"{POLICIES[self.key].label}={self.value}"

    def clean(self) -> None:
        if self.key in POLICIES and self.value is not None and self.value < POLICIES[self.key].minimum:
            raise ValidationError({"value": _("取值不能小于 %s。") % POLICIES[self.key].minimum})


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: User | AnonymousUser) -> "NotificationQuerySet":
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one user (reminders, escalations, dispatched clues …)."""

    recipient = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类型"), max_length=40)
    message = models.CharField(_("内容"), max_length=300)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    # Makes "send once" idempotent: the same key is never delivered twice to the same user.
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_dedupe",
            )
        ]

    def __str__(self) -> str:
        return self.message


class JobQuerySet(models.QuerySet["Job"]):
    def visible_to(self, user: User | AnonymousUser) -> "JobQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.all() if user.is_superuser else self.filter(created_by=user)


class Job(models.Model):
    """A long-running piece of work (export, import, department match) with its progress.

    The Celery task updates ``done``/``total``; the job page polls it (htmx) and offers the result
    file when finished. Only its creator (and superusers) can see a job.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=40)
    title = models.CharField(_("名称"), max_length=200)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="jobs")
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(_("说明"), blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Moved with every progress step; a running job whose heartbeat stops is failed by the sweeper.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # What to send again when the user presses 重试 (see common.jobs.job_retry).
    task_name = models.CharField(max_length=200, blank=True)
    task_args = models.JSONField(default=list, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="job_owner_recent")]

    def __str__(self) -> str:
        return self.title

    @property
    def retryable(self) -> bool:
        return self.status == self.Status.FAILED and bool(self.task_name)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
