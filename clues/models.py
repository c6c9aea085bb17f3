"""Clues (预警线索) and department uploads (部门筛查预警, SPEC 5).

A clue is a risk signal about one household that the township dispatches to the village and the
village verifies: confirmed it becomes step 1 of a case (or joins the open case), excluded it
keeps the reason. Department uploads are matched against the register by set-based SQL
(``clues.matching``); their clues and results are inserted in bulk, so every NOT NULL column
here has a value in that SQL too.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Department, Role
from accounts.scope import ScopedQuerySet, scope_region_ids
from households.choices import DisasterSubtype, RiskType


class ClueQuerySet(ScopedQuerySet["Clue"]):
    region_field = "household__village"

    def overdue(self, on=None) -> "ClueQuerySet":
        on = on or timezone.localdate()
        return self.filter(
            Q(status=Clue.Status.NEW, dispatch_due__lt=on)
            | Q(status__in=(Clue.Status.DISPATCHED, Clue.Status.VERIFYING), verify_due__lt=on)
        )


# What a clue's evidence keys mean, for the clue page. Keys written by the visit rule, the
# department matching (``clues.matching``) and the demo. Ids (visit, upload) and the dataset kind
# are shown elsewhere on the page; a key without a label is never shown raw.
EVIDENCE_LABELS = {
    "visited_on": _("走访日期"),
    "note": _("说明"),
    "row": _("行号"),
    "code": _("代码"),
    "amount": _("金额（元）"),
    "date": _("日期"),
    "year": _("年度"),
    "member_name": _("成员姓名"),
    "description": _("申报内容"),
    "check": _("检查项"),
    "day": _("检查日期"),
}


class Clue(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("新线索")
        DISPATCHED = "dispatched", _("已分派")
        VERIFYING = "verifying", _("核验中")
        CONFIRMED = "confirmed", _("确认")
        EXCLUDED = "excluded", _("排除")
        # Closed by the system: the household got an open case through another channel (or had one
        # when the clue was raised); ``case`` links it. No second nomination, no duplicate work.
        JOINED = "joined", _("已并入监测")

    class Source(models.TextChoices):
        VISIT = "visit", _("走访发现")
        APPLICATION = "application", _("农户申请")
        QUALITY = "quality", _("数据质量检查")
        DEPARTMENT = "department", _("部门比对")

    OPEN_STATUSES = (Status.NEW, Status.DISPATCHED, Status.VERIFYING)

    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.NEW)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    # The rule that raised it: a dataset rule code ("medical_self_paid"), or "visit" / "application".
    rule = models.CharField(_("规则"), max_length=40)
    risk_type = models.CharField(_("风险类型"), max_length=12, choices=RiskType.choices)
    disaster_subtype = models.CharField(
        _("灾害类型"), max_length=8, choices=DisasterSubtype.choices, blank=True
    )
    # Indexed by clue_household_status (household first). Household and member carry no database
    # constraint (the ORM still applies PROTECT and SET_NULL): households and members are never
    # deleted — a removal is a date, and no service, page or admin deletes either — and a department
    # file's clues take both ids from its join against the register in the same statement. The
    # constraint could therefore never fail, yet it cost a locked lookup of the household and of the
    # member per clue at COMMIT: 1.8 s of a million-row file's 9 s (issue 19).
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.PROTECT,
        related_name="clues",
        verbose_name=_("农户"),
        db_index=False,
        db_constraint=False,
    )
    member = models.ForeignKey(
        "households.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clues",
        verbose_name=_("成员"),
        db_constraint=False,
        db_index=False,  # nothing looks clues up by member (one index less per clue written)
    )
    person_id = models.CharField(_("身份证号"), max_length=18, blank=True)
    evidence = models.JSONField(_("依据"), default=dict, blank=True)
    # Same signal twice (a department file uploaded again) hits this key and is skipped (unique by
    # clue_dedupe_key_unique: a constraint, so no second LIKE index is written per clue). NULL, not
    # '': clues raised by hand have no key and must not conflict with each other.
    dedupe_key = models.CharField(max_length=160, null=True, blank=True, editable=False)  # noqa: DJ001
    # Where the clue came from, and who raised it: no database constraints on these two (the ORM
    # still applies SET_NULL / PROTECT). A department file raises its clues in one INSERT … SELECT
    # naming the upload being processed and its uploader; a constraint would check those same two
    # rows again for every clue at COMMIT (54,000 checks for a million-row file).
    upload = models.ForeignKey(
        "DepartmentUpload",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clues",
        db_constraint=False,
    )
    # Nearly every clue has no application and a new one no case: partial indexes (clue_application,
    # clue_case) hold only the rows that have one.
    application = models.ForeignKey(
        "Application", on_delete=models.PROTECT, null=True, blank=True, related_name="clues", db_index=False
    )
    found_on = models.DateField(_("发现日期"))
    dispatch_due = models.DateField(_("分派时限"))
    verify_due = models.DateField(_("核验时限"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("核验结论时间"), null=True, blank=True)
    exclusion_reason = models.CharField(_("排除原因"), max_length=300, blank=True)
    case = models.ForeignKey(
        "monitoring.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clues",
        verbose_name=_("监测记录"),
        db_index=False,
    )
    # Not indexed: nothing looks clues up by who raised them (one index less per clue written).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClueQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警线索")
        verbose_name_plural = _("预警线索")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["household", "status"], name="clue_household_status"),
            models.Index(fields=["status", "dispatch_due"], name="clue_status_dispatch_due"),
            models.Index(
                fields=["status", "verify_due"],
                name="clue_status_verify_due",
                condition=Q(verify_due__isnull=False),
            ),
            models.Index(
                fields=["application"], name="clue_application", condition=Q(application__isnull=False)
            ),
            models.Index(fields=["case"], name="clue_case", condition=Q(case__isnull=False)),
            models.Index(fields=["status", "-created_at"], name="clue_status_created"),
            models.Index(fields=["updated_at", "id"], name="clue_updated_cursor"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="clue_dedupe_key_unique"),
            models.CheckConstraint(
                condition=~Q(status="excluded") | ~Q(exclusion_reason=""), name="clue_excluded_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(case__isnull=False), name="clue_confirmed_has_case"
            ),
            models.CheckConstraint(
                condition=~Q(status="joined") | Q(case__isnull=False), name="clue_joined_has_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_risk_type_display()} · {self.household_id}"

    @property
    def rule_label(self) -> str:
        from .datasets import rule_label

        return rule_label(self.rule)

    @property
    def evidence_lines(self) -> list[tuple[str, str]]:
        """(Chinese label, value) for each piece of evidence worth showing."""
        return [
            (str(EVIDENCE_LABELS[key]), str(value))
            for key, value in (self.evidence or {}).items()
            if key in EVIDENCE_LABELS and value not in (None, "", "None")
        ]

    @property
    def due(self):
        return self.dispatch_due if self.status == self.Status.NEW else self.verify_due

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN_STATUSES and bool(self.due) and self.due < timezone.localdate()


class ClueLog(models.Model):
    """One row per transition of a clue: who, when, from which state to which, and why."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(max_length=12)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    # No user: the system acted (a data-quality run raised it, a case elsewhere closed it).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.clue_id} {self.from_status}→{self.to_status}"

    @property
    def to_label(self) -> str:
        return str(Clue.Status(self.to_status).label)


class DepartmentUploadQuerySet(models.QuerySet["DepartmentUpload"]):
    def visible_to(self, user) -> "DepartmentUploadQuerySet":
        """County users see the uploads of their counties; a department user those of its own
        department(s) in its regions; nobody else sees any (deny by default)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        allowed = Q(pk__in=[])
        if user.has_role(Role.COUNTY):
            allowed |= Q(region__in=scope_region_ids(user, (Role.COUNTY,)))
        if user.departments:
            allowed |= Q(
                department__in=user.departments,
                region__in=scope_region_ids(user, (Role.DEPARTMENT,)),
            )
        return self.filter(allowed)


class DepartmentUpload(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("已接收")
        VALIDATING = "validating", _("校验中")
        INVALID = "invalid", _("校验未通过")
        MATCHING = "matching", _("比对中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    class Via(models.TextChoices):
        FILE = "file", _("文件上传")
        API = "api", _("接口推送")

    kind = models.CharField(_("数据类型"), max_length=32)
    department = models.CharField(_("部门"), max_length=20, choices=Department.choices)
    via = models.CharField(_("来源"), max_length=4, choices=Via.choices, default=Via.FILE)
    # The county (or city) whose register the file is matched for; scope and policy values follow it.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("文件"), upload_to="department_uploads/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    file_format = models.CharField(max_length=4)  # csv / xlsx
    encoding = models.CharField(max_length=12, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    message = models.TextField(_("说明"), blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    error_report = models.FileField(upload_to="department_uploads/errors/%Y/%m/", blank=True)
    counts = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey("common.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DepartmentUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门数据上传")
        verbose_name_plural = _("部门数据上传")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["department", "region", "-created_at"], name="upload_dept_region")]

    def __str__(self) -> str:
        return f"{self.kind_label} · {self.original_name}"

    @property
    def kind_label(self) -> str:
        from .datasets import KINDS

        kind = KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind


class MatchResult(models.Model):
    class Outcome(models.TextChoices):
        MATCHED = "matched", _("匹配成功")
        UNMATCHED = "unmatched", _("未匹配（不在库）")
        NAME_DIFFERS = "name_differs", _("姓名不一致")
        CORRECTION = "correction", _("需更正")
        CLUE = "clue", _("风险预警")

    # No index of its own: result_upload_outcome starts with it (one index less to write per result).
    # No database constraint either: a file's results are written by one INSERT … SELECT of the
    # upload being processed (a row per result would otherwise fire a foreign-key check at
    # COMMIT: 145,000 of them for a million-row file). Deleting an upload still deletes its results
    # (the ORM's CASCADE).
    upload = models.ForeignKey(
        DepartmentUpload,
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
        db_constraint=False,
    )
    row_number = models.PositiveIntegerField(_("行号"))
    person_id = models.CharField(_("身份证号"), max_length=18)
    name = models.CharField(_("姓名"), max_length=64, blank=True)
    # A snapshot: no database constraint, so a member removed later neither blocks nor erases it.
    member = models.ForeignKey(
        "households.Member",
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices)
    rule = models.CharField(_("规则"), max_length=40, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["upload", "outcome", "row_number"], name="result_upload_outcome")]

    def __str__(self) -> str:
        return f"{self.upload_id}:{self.row_number} {self.outcome}"


class DepartmentRecordQuerySet(models.QuerySet["DepartmentRecord"]):
    def visible_to(self, user) -> "DepartmentRecordQuerySet":
        """A department user sees the records its own department(s) pushed in its regions; nobody
        else sees any (the API answers other roles 403 before asking)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if not user.departments:
            return self.none()
        return self.filter(
            department__in=user.departments, region__in=scope_region_ids(user, (Role.DEPARTMENT,))
        )


class DepartmentRecord(models.Model):
    """One record a department system pushed (``POST /api/v1/department-records/``), by the
    department's own record id: pushing it again with the same values changes nothing; with other
    values it is updated and matched again (``clues.push``)."""

    class Change(models.TextChoices):
        CREATED = "created", _("新增")
        UPDATED = "updated", _("已更新")
        UNCHANGED = "unchanged", _("未变化")

    department = models.CharField(_("部门"), max_length=20, choices=Department.choices)
    kind = models.CharField(_("数据类型"), max_length=32)
    record_id = models.CharField(_("部门记录编号"), max_length=64)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    person_id = models.CharField(_("身份证号"), max_length=18)
    values = models.JSONField(_("数据"), default=dict)  # the cleaned values, by staging slot
    digest = models.CharField(max_length=64)
    # The push that last created or changed it, the row it had there and what matching found.
    upload = models.ForeignKey(DepartmentUpload, on_delete=models.PROTECT, related_name="records")
    row_number = models.PositiveIntegerField(_("行号"))
    outcome = models.CharField(_("比对结果"), max_length=12, choices=MatchResult.Outcome.choices)
    findings = models.JSONField(_("发现"), default=list, blank=True)  # [[outcome, rule], ...]
    pushed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = DepartmentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门推送记录")
        verbose_name_plural = _("部门推送记录")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["department", "kind", "record_id"], name="department_record_once")
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="department_record_cursor")]

    def __str__(self) -> str:
        return f"{self.department}:{self.record_id}"


class ApplicationQuerySet(ScopedQuerySet):
    region_field = "village"

    def pending(self) -> "ApplicationQuerySet":
        return self.filter(status=Application.Status.PENDING)


class Application(models.Model):
    """农户自主申报: a household asks for help (SPEC 4 discovery channel).

    Filled by a village cadre with the applicant (accepted at once: household known, clues raised)
    or sent from the village's public QR-code page (pending: only what the applicant typed, until a
    cadre matches it to a household or dismisses it with a reason).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待受理")
        ACCEPTED = "accepted", _("已受理")
        DISMISSED = "dismissed", _("不予受理")

    class Via(models.TextChoices):
        CADRE = "cadre", _("干部代填")
        PUBLIC = "public", _("扫码申报")

    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    via = models.CharField(_("申报方式"), max_length=8, choices=Via.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    name = models.CharField(_("申请人姓名"), max_length=64)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    group = models.CharField(_("村民小组"), max_length=40, blank=True)
    description = models.TextField(_("困难情况"), max_length=1000)
    risk_types = models.JSONField(_("风险类型"), default=list, blank=True)
    found_on = models.DateField(_("申报日期"), default=timezone.localdate)
    photo = models.FileField(_("照片"), upload_to="applications/%Y/%m/", blank=True)
    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dismiss_reason = models.CharField(_("不予受理原因"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("农户申报")
        verbose_name_plural = _("农户申报")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["village", "status"], name="application_village_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(household__isnull=False),
                name="application_accepted_household",
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | ~Q(dismiss_reason=""), name="application_dismissed_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_status_display()}"


class VillageIntake(models.Model):
    """The unguessable token of a village's public application page (the QR poster's URL)."""

    village = models.OneToOneField("regions.Region", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("村申报二维码")
        verbose_name_plural = _("村申报二维码")

    def __str__(self) -> str:
        return f"{self.village_id}"
