"""Assistance measures (帮扶措施) and the catalogue they come from (SPEC 6).

The catalogue and measure records are the core other apps read (the exit guard "a measure
implemented", the 帮扶率); contacts, rules and pages are built around them in this app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet


class MeasureCategory(models.Model):
    """A national category (产业帮扶, 就业帮扶 …) or one of its sub-types (parent set)."""

    class Kind(models.TextChoices):
        DEVELOPMENT = "development", _("开发式帮扶")
        SECURITY = "security", _("保障性措施")
        OTHER = "other", _("其他")

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(_("性质"), max_length=12, choices=Kind.choices)
    # Risk types (households.choices.RiskType values) this item addresses, for suggestions.
    addresses = models.JSONField(_("针对风险"), default=list, blank=True)
    is_comprehensive_security = models.BooleanField(_("属综合保障"), default=False)
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("帮扶措施目录")
        verbose_name_plural = _("帮扶措施目录")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class MeasureQuerySet(ScopedQuerySet["Measure"]):
    region_field = "case__village"

    def implemented(self) -> "MeasureQuerySet":
        return self.filter(status__in=Measure.IMPLEMENTED_STATUSES)


class Measure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("计划")
        IMPLEMENTING = "implementing", _("实施中")
        COMPLETED = "completed", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    # "Implemented" (已落实) for the exit guard and the 帮扶率: under way or done.
    IMPLEMENTED_STATUSES = (Status.IMPLEMENTING, Status.COMPLETED)

    case = models.ForeignKey("monitoring.Case", on_delete=models.PROTECT, related_name="measures")
    member = models.ForeignKey(
        "households.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="measures"
    )
    category = models.ForeignKey(MeasureCategory, on_delete=models.PROTECT, verbose_name=_("措施类别"))
    content = models.TextField(_("措施内容"))
    responsible_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    funding_source = models.CharField(_("资金来源"), max_length=100, blank=True)
    planned_start = models.DateField(_("计划开始"), null=True, blank=True)
    planned_end = models.DateField(_("计划完成"), null=True, blank=True)
    actual_start = models.DateField(_("实际开始"), null=True, blank=True)
    actual_end = models.DateField(_("实际完成"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    effect = models.TextField(_("成效"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("帮扶措施")
        verbose_name_plural = _("帮扶措施")
        indexes = [
            models.Index(fields=["case", "status"], name="measure_case_status"),
            models.Index(fields=["updated_at", "id"], name="measure_updated_cursor"),
            # The "overdue plan" filter of the lists: planned or under way past the planned end.
            models.Index(fields=["status", "planned_end"], name="measure_status_planned_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="measure_amount_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.content[:20]}"


class ContactQuerySet(ScopedQuerySet["Contact"]):
    region_field = "region"


class Contact(models.Model):
    """帮扶责任人: a person (often a cadre of a county unit) who helps one or more cases."""

    name = models.CharField(_("姓名"), max_length=64)
    unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=11, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assistance_contacts",
        verbose_name=_("系统账号"),
    )
    # Where the contact was registered (the village of the first case): decides who may see the row.
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("登记区域")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("帮扶责任人")
        verbose_name_plural = _("帮扶责任人")
        indexes = [models.Index(fields=["region", "name"], name="contact_region_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name


class CaseContactQuerySet(ScopedQuerySet["CaseContact"]):
    region_field = "case__village"

    def current(self, on=None) -> "CaseContactQuerySet":
        from django.utils import timezone

        on = on or timezone.localdate()
        # The end date is the day the assignment stopped: ended today means no longer current.
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=on), start_date__lte=on)


class CaseContact(models.Model):
    """A contact's assignment to a case, dated: ended assignments stay as the record."""

    case = models.ForeignKey("monitoring.Case", on_delete=models.PROTECT, related_name="contacts")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="assignments")
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = CaseContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("帮扶责任人安排")
        verbose_name_plural = _("帮扶责任人安排")
        indexes = [models.Index(fields=["contact", "end_date"], name="casecontact_contact_end")]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "contact"],
                condition=Q(end_date__isnull=True),
                name="casecontact_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="casecontact_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} → {self.case_id}"


class HousingProblemQuerySet(ScopedQuerySet["HousingProblem"]):
    region_field = "household__village"

    def open(self) -> "HousingProblemQuerySet":
        return self.filter(status__in=HousingProblem.OPEN_STATUSES)


class HousingProblem(models.Model):
    """住房安全问题台账 (seed 000 line 259): one problem, struck off (销号) by the township once verified."""

    class Source(models.TextChoices):
        VISIT = "visit", _("走访")
        DEPARTMENT = "department", _("部门数据")
        MANUAL = "manual", _("手工")

    class Grade(models.TextChoices):
        C = "C", _("C级")
        D = "D", _("D级")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("登记")
        FIXING = "fixing", _("整改中")
        AWAITING = "awaiting", _("待核验")
        STRUCK_OFF = "struck_off", _("已销号")
        UNFOUNDED = "unfounded", _("不属实")

    OPEN_STATUSES = (Status.REGISTERED, Status.FIXING, Status.AWAITING)

    household = models.ForeignKey(
        "households.Household",
        on_delete=models.PROTECT,
        related_name="housing_problems",
        verbose_name=_("农户"),
    )
    found_on = models.DateField(_("发现日期"))
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    visit = models.ForeignKey(
        "households.Visit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.TextField(_("问题描述"))
    grade = models.CharField(_("鉴定等级"), max_length=1, choices=Grade.choices, blank=True)
    assigned_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    assigned_person = models.CharField(_("责任人"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    fix_note = models.TextField(_("整改情况"), blank=True)
    fixed_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    verify_note = models.TextField(_("核验意见"), blank=True)
    struck_off_on = models.DateField(_("销号日期"), null=True, blank=True)
    unfounded_reason = models.TextField(_("不属实原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = HousingProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("住房安全问题")
        verbose_name_plural = _("住房安全问题")
        indexes = [
            models.Index(fields=["household", "status"], name="housing_household_status"),
            models.Index(fields=["status", "found_on"], name="housing_status_found"),
            models.Index(fields=["updated_at", "id"], name="housing_updated_cursor"),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class HousingPhoto(models.Model):
    """整改照片 of a housing problem (private media)."""

    problem = models.ForeignKey(HousingProblem, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="housing/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file.name or ""
