"""The audit trail of exports and the state of file imports.

Every ledger export leaves an :class:`ExportLog` row (SPEC 9: who, what, when, rows). An upload
becomes an :class:`ImportRun`: validated first (dry run), committed only when the whole file is
valid, so the run records which of the two happened and what the file contained.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.scope import ScopedQuerySet


class ExportLogQuerySet(ScopedQuerySet["ExportLog"]):
    # The log is for county administrators: only the county role's subtree counts.
    region_field = "region"
    scope_roles = (Role.COUNTY,)


class ExportLog(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("导出人")
    )
    ledger = models.CharField(_("台账"), max_length=40)
    title = models.CharField(_("台账名称"), max_length=100)
    # The region the export covered: the chosen filter region, else the user's widest scope root.
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("区域")
    )
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    masked = models.BooleanField(_("证件号已脱敏"), default=True)
    started_at = models.DateTimeField(_("导出时间"), auto_now_add=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    job = models.ForeignKey("common.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ExportLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("导出记录")
        verbose_name_plural = _("导出记录")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["region", "-started_at"], name="exportlog_region_recent")]

    def __str__(self) -> str:
        return f"{self.user} {self.title} {self.rows}"

    def download_for(self, user) -> str:
        """What the log offers ``user`` for this export's file: "file" (its job's result is still
        kept and the file is theirs: job files are only ever served to their creator), "gone" (kept
        no longer: see ``file_retention_days``), "" (written within the request, or someone else's)."""
        job = self.job
        if job is None or job.created_by_id != user.pk or job.status != job.Status.DONE:
            return ""
        return "file" if job.result else "gone"


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def visible_to(self, user) -> "ImportRunQuerySet":
        """An upload holds personal data of the uploader's choosing: only its uploader sees it."""
        if not user.is_authenticated:
            return self.none()
        return self.all() if user.is_superuser else self.filter(created_by=user)


class ImportRun(models.Model):
    class Status(models.TextChoices):
        VALIDATING = "validating", _("校验中")
        INVALID = "invalid", _("校验未通过")
        VALID = "valid", _("校验通过，待确认")
        COMMITTING = "committing", _("导入中")
        COMMITTED = "committed", _("已导入")
        FAILED = "failed", _("导入失败")

    kind = models.CharField(_("导入类型"), max_length=20)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.VALIDATING)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    errors_file = models.FileField(_("错误报告"), upload_to="imports/%Y/%m/", blank=True)
    # The dry run's valid plan, read by the commit (``ledgers.imports.plans``); never downloadable.
    plan = models.FileField(_("导入计划"), upload_to="imports/plans/%Y/%m/", blank=True, editable=False)
    # What the dry run found (新增/更新/未变) and later what the commit wrote.
    summary = models.JSONField(_("统计"), default=dict, blank=True)
    message = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    # Moved when a worker takes up the run; a run still 校验中/导入中 long after is swept as failed.
    heartbeat_at = models.DateTimeField(default=timezone.now)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importrun_owner_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name}"
