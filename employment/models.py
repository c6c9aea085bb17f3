"""就业帮扶台账 and 公益岗位 (seed 000 lines 379 and 409, seed 002 line 355; SPEC 9c).

* :class:`EmploymentRecord`: one row per member of the labour force (``employment.rules``), the
  member's employment this year as the latest quarterly follow-up found it.
* :class:`FollowUp`: one quarterly follow-up (跟踪随访) per member and quarter, opened by the beat
  task, recorded by the village cadre.
* :class:`WelfarePost`, :class:`Appointment`, :class:`Attendance`: 按需设岗、以岗聘任、在岗领补、有序退岗.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet


class EmploymentStatus(models.TextChoices):
    UNKNOWN = "unknown", _("待随访")
    LOCAL = "local", _("本地务工")
    OUT_COUNTY = "out_county", _("县外市内务工")
    OUT_CITY = "out_city", _("市外务工")
    WELFARE_POST = "welfare_post", _("公益岗位")
    SELF_EMPLOYED = "self_employed", _("自主创业")
    FLEXIBLE = "flexible", _("灵活就业")
    UNEMPLOYED = "unemployed", _("未就业")


#: 务工就业: every status but 待随访 and 未就业.
EMPLOYED = (
    EmploymentStatus.LOCAL,
    EmploymentStatus.OUT_COUNTY,
    EmploymentStatus.OUT_CITY,
    EmploymentStatus.WELFARE_POST,
    EmploymentStatus.SELF_EMPLOYED,
    EmploymentStatus.FLEXIBLE,
)
#: 外出务工 (outside the county).
OUTSIDE_COUNTY = (EmploymentStatus.OUT_COUNTY, EmploymentStatus.OUT_CITY)


class EmploymentRecordQuerySet(ScopedQuerySet["EmploymentRecord"]):
    region_field = "household__village"

    def employed(self) -> "EmploymentRecordQuerySet":
        return self.filter(status__in=EMPLOYED)


class EmploymentRecord(models.Model):
    """就业帮扶台账: a member's employment this year."""

    member = models.OneToOneField(
        "households.Member", on_delete=models.PROTECT, related_name="employment", verbose_name=_("成员")
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("农户")
    )
    status = models.CharField(
        _("就业状态"), max_length=16, choices=EmploymentStatus.choices, default=EmploymentStatus.UNKNOWN
    )
    employer = models.CharField(_("用工单位或务工地点"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("今年务工月数"), default=0)
    income = models.DecimalField(_("今年务工收入（元）"), max_digits=10, decimal_places=2, default=0)
    followed_on = models.DateField(_("最近随访日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = EmploymentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("就业帮扶台账")
        verbose_name_plural = _("就业帮扶台账")
        indexes = [
            models.Index(fields=["updated_at", "id"], name="employment_updated_cursor"),
            models.Index(fields=["status"], name="employment_status"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.get_status_display()}"

    @property
    def is_employed(self) -> bool:
        return self.status in EMPLOYED


class FollowUpQuerySet(ScopedQuerySet["FollowUp"]):
    region_field = "household__village"

    def due(self) -> "FollowUpQuerySet":
        return self.filter(status=FollowUp.Status.DUE)


class FollowUp(models.Model):
    """A quarterly follow-up (就业跟踪随访) of one member."""

    class Status(models.TextChoices):
        DUE = "due", _("待随访")
        DONE = "done", _("已随访")

    member = models.ForeignKey(
        "households.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("成员")
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("农户")
    )
    quarter = models.DateField(_("季度"))  # the quarter's first day
    due_on = models.DateField(_("随访时限"))  # the quarter's last day
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DUE)
    employment_status = models.CharField(
        _("就业状态"), max_length=16, choices=EmploymentStatus.choices, blank=True
    )
    previous_status = models.CharField(
        _("上次就业状态"), max_length=16, choices=EmploymentStatus.choices, blank=True
    )
    employer = models.CharField(_("用工单位或务工地点"), max_length=100, blank=True)
    months = models.PositiveSmallIntegerField(_("今年务工月数"), null=True, blank=True)
    income = models.DecimalField(
        _("今年务工收入（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_on = models.DateField(_("随访日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("就业跟踪随访")
        verbose_name_plural = _("就业跟踪随访")
        constraints = [
            models.UniqueConstraint(fields=["member", "quarter"], name="follow_up_once_per_quarter")
        ]
        indexes = [models.Index(fields=["quarter", "status"], name="follow_up_quarter_status")]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.quarter:%Y-%m}"

    @property
    def quarter_label(self) -> str:
        return f"{self.quarter.year}年第{(self.quarter.month - 1) // 3 + 1}季度"


class WelfarePostQuerySet(ScopedQuerySet["WelfarePost"]):
    region_field = "village"


class WelfarePost(models.Model):
    """公益岗位 set up in a village (按需设岗)."""

    class Kind(models.TextChoices):
        CLEANING = "cleaning", _("保洁员")
        FOREST = "forest", _("护林员")
        RIVER = "river", _("巡河员")
        ROAD = "road", _("道路养护员")
        SECURITY = "security", _("治安协管员")
        OTHER = "other", _("其他")

    class Funding(models.TextChoices):
        LINKAGE = "linkage", _("衔接推进乡村振兴补助资金")
        EMPLOYMENT = "employment", _("就业补助资金")
        COLLECTIVE = "collective", _("村集体经济收益")
        OTHER = "other", _("其他资金")

    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("村（社区）")
    )
    kind = models.CharField(_("岗位类别"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("岗位名称"), max_length=60)
    places = models.PositiveSmallIntegerField(_("岗位数"))
    monthly_pay = models.DecimalField(_("月补贴标准（元）"), max_digits=8, decimal_places=2)
    funding_source = models.CharField(_("资金来源"), max_length=12, choices=Funding.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = WelfarePostQuerySet.as_manager()

    class Meta:
        verbose_name = _("公益岗位")
        verbose_name_plural = _("公益岗位")
        indexes = [models.Index(fields=["updated_at", "id"], name="welfare_post_updated_cursor")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class AppointmentQuerySet(ScopedQuerySet["Appointment"]):
    region_field = "post__village"

    def holding(self) -> "AppointmentQuerySet":
        """Appointments that take a place: 拟聘 and 在岗."""
        return self.filter(status__in=Appointment.HOLDING)


class Appointment(models.Model):
    """以岗聘任 … 有序退岗: 拟聘 → 在岗 → 已退岗 (``employment.services.APPOINTMENT_WORKFLOW``)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("拟聘")
        IN_POST = "in_post", _("在岗")
        EXITED = "exited", _("已退岗")

    class ExitReason(models.TextChoices):
        TERM_ENDED = "term_ended", _("聘期届满")
        OWN_REQUEST = "own_request", _("本人申请")
        FAILED_REVIEW = "failed_review", _("考核不合格")
        NOT_ELIGIBLE = "not_eligible", _("不再符合聘用条件")
        EMPLOYED_ELSEWHERE = "employed_elsewhere", _("实现其他就业")
        OTHER = "other", _("其他")

    HOLDING = (Status.PROPOSED, Status.IN_POST)

    post = models.ForeignKey(WelfarePost, on_delete=models.PROTECT, related_name="appointments")
    member = models.ForeignKey(
        "households.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("成员")
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("农户")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_on = models.DateField(_("拟聘日期"))
    start_on = models.DateField(_("上岗日期"), null=True, blank=True)
    end_on = models.DateField(_("退岗日期"), null=True, blank=True)
    exit_reason = models.CharField(_("退岗原因"), max_length=20, choices=ExitReason.choices, blank=True)
    exit_note = models.CharField(_("退岗说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("公益岗位聘用")
        verbose_name_plural = _("公益岗位聘用")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=("proposed", "in_post")),
                name="one_welfare_post_per_member",
            )
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="appointment_updated_cursor")]

    def __str__(self) -> str:
        return f"{self.post} · {self.member_id}"


class AttendanceQuerySet(ScopedQuerySet["Attendance"]):
    region_field = "appointment__post__village"


class Attendance(models.Model):
    """在岗领补: one month's attendance and its subsidy (paid by the township)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="attendance")
    month = models.DateField(_("月份"))  # the month's first day
    days_worked = models.PositiveSmallIntegerField(_("出勤天数"))
    passed = models.BooleanField(_("考核合格"))
    subsidy = models.DecimalField(_("应发补贴（元）"), max_digits=8, decimal_places=2)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("公益岗位考勤与补贴")
        verbose_name_plural = _("公益岗位考勤与补贴")
        constraints = [
            models.UniqueConstraint(fields=["appointment", "month"], name="attendance_once_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id} · {self.month:%Y-%m}"
