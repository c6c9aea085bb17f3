"""Plan indicators (SPEC 8): plans, their indicators exactly as published, and actual values.

Printed values are kept as text (``"≥1075"``, ``"1.2: 1"``, ``"32.4万吨"``, ``"高于全市平均水平"``);
``indicators.parsing`` turns them into numbers where they are numbers. A corrected value never
replaces the published one: it sits beside it with a note.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import scope_region_ids, scope_regions


def line_q(user, field: str = "region") -> Q | None:
    """Regions on the line through the user's register regions: their ancestors and subtrees.
    ``None`` when the user has no register role (sees nothing); superusers are handled by callers."""
    roots = scope_regions(user)
    if not roots:
        return None
    ancestor_codes = {code for r in roots for code in r.path.strip("/").split("/")}
    return Q(**{f"{field}__code__in": ancestor_codes}) | Q(**{f"{field}__in": scope_region_ids(user)})


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user) -> "PlanQuerySet":
        """Plans on the line through the user's regions: above them and below them.

        A plan is policy that binds its whole area, so a 丰都 county or township user reads the
        Chongqing city plan (an ancestor) and the 丰都 plan (their own county), but not the 彭水
        plan (a sibling); a city-level user reads every plan under the city.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        q = line_q(user)
        return self.none() if q is None else self.filter(q)


class Plan(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("市级")
        COUNTY = "county", _("区县")
        TOWN = "town", _("乡镇")

    key = models.SlugField(_("标识"), max_length=40, unique=True)
    level = models.CharField(_("层级"), max_length=8, choices=Level.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区域"))
    title = models.CharField(_("规划名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    period_start = models.PositiveSmallIntegerField(_("规划期起"))
    period_end = models.PositiveSmallIntegerField(_("规划期止"))
    source_file = models.CharField(_("来源文件"), max_length=100, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("规划")
        verbose_name_plural = _("规划")
        ordering = ["region__depth", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="plan_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TargetKind(models.TextChoices):
    NUMBER = "number", _("数值")
    AT_LEAST = "at_least", _("不低于")
    RATIO = "ratio", _("比值")
    RELATIVE = "relative", _("相对表述")
    QUALITATIVE = "qualitative", _("定性")


class Attribute(models.TextChoices):
    BINDING = "binding", _("约束性")
    EXPECTED = "expected", _("预期性")


class Metric(models.TextChoices):
    """Values the system computes from its own register (``indicators.metrics``)."""

    ASSISTANCE_RATE = "assistance_rate", _("监测对象帮扶率")
    COMPULSORY_DROPOUTS = "compulsory_dropouts", _("监测户义务教育阶段失学辍学人数")
    MEDICAL_INSURANCE_RATE = "medical_insurance_rate", _("监测户和脱贫户人口基本医保参保率")
    WELFARE_POST_SHARE = "welfare_post_share", _("监测户和脱贫户公益岗位就业比重")


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    # As printed: numbers may repeat (rows of one group) and skip (丰都 jumps from 9 to 12).
    number = models.CharField(_("序号"), max_length=8)
    order = models.PositiveSmallIntegerField(_("行次"))
    group = models.CharField(_("分组"), max_length=40, blank=True)
    name = models.CharField(_("指标"), max_length=120)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    baseline_value = models.CharField(_("基期值（公布）"), max_length=40, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("基期年"), null=True, blank=True)
    target_value = models.CharField(_("目标值（公布）"), max_length=40)
    target_year = models.PositiveSmallIntegerField(_("目标年"))
    target_kind = models.CharField(_("目标类型"), max_length=12, choices=TargetKind.choices)
    attribute = models.CharField(_("指标属性"), max_length=8, choices=Attribute.choices)
    flag_average = models.BooleanField(_("规划期平均数（*）"), default=False)
    flag_aligned = models.BooleanField(_("与全市指标值一致（#）"), default=False)
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    source_line = models.PositiveIntegerField(_("来源行号"), null=True, blank=True)
    # Corrections stand beside the published text, never over it.
    corrected_baseline_value = models.CharField(_("基期值（更正）"), max_length=40, blank=True)
    corrected_target_value = models.CharField(_("目标值（更正）"), max_length=40, blank=True)
    correction_note = models.CharField(_("更正说明"), max_length=200, blank=True)
    metric = models.CharField(_("系统计算口径"), max_length=24, choices=Metric.choices, blank=True)

    class Meta:
        verbose_name = _("规划指标")
        verbose_name_plural = _("规划指标")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="indicator_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def effective_baseline(self) -> str:
        return self.corrected_baseline_value or self.baseline_value

    @property
    def effective_target(self) -> str:
        return self.corrected_target_value or self.target_value


class ActualQuerySet(models.QuerySet["Actual"]):
    def visible_to(self, user) -> "ActualQuerySet":
        """Like plans: the figures of the user's area, of the areas above it and below it."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        q = line_q(user)
        return self.none() if q is None else self.filter(q)


class Actual(models.Model):
    """The value of one indicator for one region and year (typed by the county, or computed)."""

    class Assessment(models.TextChoices):
        ACHIEVED = "achieved", _("已实现")
        ON_TRACK = "on_track", _("按进度")
        BEHIND = "behind", _("滞后")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区域"))
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4, null=True, blank=True)
    value_text = models.CharField(_("文字表述"), max_length=100, blank=True)
    # For relative and qualitative targets the county judges; numbers are assessed by rule.
    assessment = models.CharField(_("县级评定"), max_length=10, choices=Assessment.choices, blank=True)
    source = models.CharField(_("数据来源"), max_length=200)
    computed = models.BooleanField(_("系统计算"), default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ActualQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标实际值")
        verbose_name_plural = _("指标实际值")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year"], name="actual_unique_year"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(value_text="") | ~Q(assessment=""),
                name="actual_has_value",
            ),
        ]
        indexes = [models.Index(fields=["region", "indicator", "year"], name="actual_region_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region} {self.year}"


class ComputedValue(models.Model):
    """A register metric for one region (township and up) and year: numerator / denominator."""

    metric = models.CharField(_("口径"), max_length=24, choices=Metric.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    numerator = models.PositiveIntegerField(_("分子"))
    denominator = models.PositiveIntegerField(_("分母"))
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("系统计算值")
        verbose_name_plural = _("系统计算值")
        constraints = [
            models.UniqueConstraint(fields=["metric", "region", "year"], name="computed_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.region_id} {self.year}: {self.numerator}/{self.denominator}"

    @property
    def percent(self):
        """numerator / denominator in per cent, None when there is nothing to count."""
        from .metrics import percent

        return percent(self.numerator, self.denominator)


class VillageSnapshot(models.Model):
    """Nightly per-village figures too costly to count live at municipal scale (dashboard)."""

    day = models.DateField(_("日期"))
    village = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    below_line = models.PositiveIntegerField(_("低于监测范围户数"), default=0)
    with_income = models.PositiveIntegerField(_("有收支记录户数"), default=0)

    class Meta:
        verbose_name = _("村级每日快照")
        verbose_name_plural = _("村级每日快照")
        constraints = [models.UniqueConstraint(fields=["day", "village"], name="snapshot_unique_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.village_id}: {self.below_line}/{self.with_income}"
