"""Risk grades, special groups and the visiting grid (SPEC 9b, issue 18).

A grade is a ranking aid computed by ``grading.services.grades_recompute``; it never changes a case.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet

from .names import grade_label


class Grade(models.TextChoices):
    # Stored as colour words; the names shown follow settings.GRADE_NAMES (grading/names.py).
    RED = "red", grade_label("red", _("红"))
    ORANGE = "orange", grade_label("orange", _("橙"))
    YELLOW = "yellow", grade_label("yellow", _("黄"))
    GREEN = "green", grade_label("green", _("绿"))


class GroupKind(models.TextChoices):
    DIBAO = "dibao", _("低保对象")
    TEKUN = "tekun", _("特困人员")
    SEVERE_DISABILITY = "severe_disability", _("重度残疾人")
    DISABLED_ELDERLY = "disabled_elderly", _("失能老年人")
    LEFT_BEHIND_CHILD = "left_behind_child", _("留守儿童")
    LEFT_BEHIND_WOMAN = "left_behind_woman", _("留守妇女")
    LEFT_BEHIND_ELDERLY = "left_behind_elderly", _("留守老年人")


# The visit-frequency policy key of each special group (三留守 share one).
GROUP_VISIT_POLICY = {
    GroupKind.DIBAO: "visit_days_dibao",
    GroupKind.TEKUN: "visit_days_tekun",
    GroupKind.SEVERE_DISABILITY: "visit_days_severe_disability",
    GroupKind.DISABLED_ELDERLY: "visit_days_disabled_elderly",
    GroupKind.LEFT_BEHIND_CHILD: "visit_days_left_behind",
    GroupKind.LEFT_BEHIND_WOMAN: "visit_days_left_behind",
    GroupKind.LEFT_BEHIND_ELDERLY: "visit_days_left_behind",
}
# Derived from the register's member fields on every recompute; the others are set by hand.
REGISTER_KINDS = (GroupKind.DIBAO, GroupKind.TEKUN, GroupKind.SEVERE_DISABILITY)


class GridCellQuerySet(ScopedQuerySet):
    region_field = "village"


class GridCell(models.Model):
    """网格: a 村民小组 of a village by default, created on demand; cadres are its 网格员."""

    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("村")
    )
    name = models.CharField(_("网格"), max_length=64)
    cadres = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="grid_cells", verbose_name=_("网格员")
    )

    objects = GridCellQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访网格")
        verbose_name_plural = _("走访网格")
        constraints = [models.UniqueConstraint(fields=["village", "name"], name="gridcell_unique_name")]

    def __str__(self) -> str:
        return self.name


class HouseholdGradeQuerySet(ScopedQuerySet):
    region_field = "household__village"

    def overdue(self, on=None) -> "HouseholdGradeQuerySet":
        return self.filter(next_visit_due__lt=on or timezone.localdate())

    def for_cadre(self, user) -> "HouseholdGradeQuerySet":
        """The households ``user`` must visit: cells naming them, and cells with no cadre yet
        (the village's cadres answer for those) inside their scope."""
        return self.visible_to(user).filter(Q(cell__cadres=user) | Q(cell__cadres__isnull=True)).distinct()


class HouseholdGrade(models.Model):
    household = models.OneToOneField(
        "households.Household", on_delete=models.CASCADE, related_name="grade", verbose_name=_("农户")
    )
    grade = models.CharField(_("风险等级"), max_length=8, choices=Grade.choices)
    score = models.PositiveSmallIntegerField(_("风险分"))
    reasons = models.JSONField(_("定级理由"), default=list)
    computed_at = models.DateTimeField(_("计算时间"))
    cell = models.ForeignKey(
        GridCell, on_delete=models.PROTECT, related_name="grades", verbose_name=_("网格")
    )
    last_visit = models.DateField(_("最近走访"), null=True, blank=True)
    visit_interval = models.PositiveSmallIntegerField(_("走访周期（天）"))
    visit_basis = models.CharField(_("走访周期依据"), max_length=100)
    next_visit_due = models.DateField(_("下次走访日期"), db_index=True)
    # The due date last escalated to the township: each overdue due date escalates once.
    escalated_due = models.DateField(_("已报乡镇的逾期日期"), null=True, blank=True)
    # Only grade changes are history: the recompute writes rows for changed grades only.
    history = HistoricalRecords(
        excluded_fields=[
            "computed_at",
            "last_visit",
            "next_visit_due",
            "escalated_due",
            "cell",
        ]
    )

    objects = HouseholdGradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("风险等级")
        verbose_name_plural = _("风险等级")
        indexes = [
            models.Index(fields=["cell", "next_visit_due"], name="grade_cell_due"),
            models.Index(fields=["computed_at", "id"], name="grade_computed_cursor"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.get_grade_display()}"


class GradeInputs(models.Model):
    """What a household's grade was last computed from by the nightly run: the digest of its inputs
    (``grading.services.digest``). A household whose digest is unchanged is not graded again.

    Kept beside the grades, not in them, so that storing a million new digests (after a release of
    the rules or a policy change) writes narrow rows instead of rewriting every grade; no database
    constraint on the household (a million checks at COMMIT for a cache; the ORM cascades)."""

    household = models.OneToOneField(
        "households.Household",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    digest = models.BigIntegerField()

    class Meta:
        verbose_name = _("定级输入摘要")
        verbose_name_plural = _("定级输入摘要")

    def __str__(self) -> str:
        return f"{self.household_id}:{self.digest}"


class MemberGroupQuerySet(ScopedQuerySet):
    region_field = "member__household__village"

    def active(self, on=None) -> "MemberGroupQuerySet":
        on = on or timezone.localdate()
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gt=on))


class MemberGroup(models.Model):
    """A dated special-group flag of a member (特殊群体)."""

    class Source(models.TextChoices):
        REGISTER = "register", _("底册")
        MANUAL = "manual", _("人工认定")
        DEPARTMENT = "department", _("部门数据")

    member = models.ForeignKey("households.Member", on_delete=models.CASCADE, related_name="special_groups")
    kind = models.CharField(_("类别"), max_length=24, choices=GroupKind.choices)
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("终止日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    history = HistoricalRecords()

    objects = MemberGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("特殊群体")
        verbose_name_plural = _("特殊群体")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind"], condition=Q(end__isnull=True), name="membergroup_one_open_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membergroup_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.get_kind_display()}"


# The area alerts live in their own module (grading/alert_models.py).
from .alert_models import AlertKind, AreaAlert, AreaAlertHousehold, AreaAlertNote  # noqa: E402, F401
