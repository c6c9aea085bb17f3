"""The register of rural households (SPEC 3). Everything else in the system hangs off it.

Rows are written through ``households.services`` only; ``head_name`` and ``member_count`` on the
household are kept there too, so lists and searches never touch the member table.
"""

import builtins
import functools
import operator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet

from .choices import (
    RISK_BY_ASSURANCE,
    Assurance,
    DisabilityCategory,
    DisabilityGrade,
    Education,
    HouseholdFlagKind,
    IdType,
    IncomeChange,
    LabourSkill,
    MedicalInsurance,
    PoliticalStatus,
    Relationship,
    RelocationMode,
    SchoolStatus,
    Sex,
    VisitKind,
    WelfarePost,
)
from .querysets import HouseholdQuerySet

CENT = Decimal("0.01")
# The one home of the register's number bounds (forms, API serializers and imports read them from
# these fields, see ``households.bounds``; the CheckConstraints below hold them in the database).
MONEY_DIGITS, MONEY_PLACES = 14, 2
MONEY_LIMIT = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES)  # 12 integer digits: below 10^12 yuan
money: dict[str, Any] = {
    "max_digits": MONEY_DIGITS,
    "decimal_places": MONEY_PLACES,
    "default": Decimal(0),
    "validators": [MinValueValidator(0)],
}
MONTHS = [MinValueValidator(0), MaxValueValidator(12)]  # months in a year
SMALLINT_MAX = 32767  # what a PositiveSmallIntegerField holds on PostgreSQL; SQLite does not check


def _in_range(field: str, low, high_exclusive) -> Q:
    return Q(**{f"{field}__gte": low, f"{field}__lt": high_exclusive})


class Household(models.Model):
    number = models.CharField(_("户编号"), max_length=32, unique=True)
    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="households", verbose_name=_("村/社区")
    )
    group = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_households",
        verbose_name=_("村民小组"),
    )
    group_name = models.CharField(_("村民小组"), max_length=32, blank=True)
    natural_village = models.CharField(_("自然村"), max_length=64, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=11, blank=True)
    # Kept by the member services: lists and search read these instead of joining members.
    head_name = models.CharField(_("户主姓名"), max_length=64, blank=True, db_index=True)
    member_count = models.PositiveSmallIntegerField(_("家庭人口"), default=0)
    # The income record with the latest period end, kept by ``income_record``: the list shows it
    # and filters "below the line" on it with a join instead of a per-row subquery.
    latest_income = models.ForeignKey(
        "IncomeRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Set when a duplicate-candidate merge closed this household: its members and open records
    # moved to that household (``households.services.duplicates``); the row stays for the trail.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        editable=False,
        verbose_name=_("已并入"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords(excluded_fields=["latest_income"])

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("农户")
        verbose_name_plural = _("农户")
        indexes = [
            models.Index(fields=["village", "number"], name="household_village_number"),
            models.Index(fields=["updated_at", "id"], name="household_updated_cursor"),
            # Prefix search (LIKE 'x%') on PostgreSQL needs pattern opclasses unless the collation is C.
            models.Index(
                fields=["number"], name="household_number_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["head_name"], name="household_head_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^1\d{10}$"), name="household_phone_11_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head_name or '—'}（{self.number}）"


class HouseholdFlagQuerySet(models.QuerySet["HouseholdFlag"]):
    def active(self, on=None) -> "HouseholdFlagQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=on)
        )


class HouseholdFlag(models.Model):
    """A dated status of the household; several can hold at once (SPEC 3)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("类别"), max_length=16, choices=HouseholdFlagKind.choices)
    start_date = models.DateField(_("起始日期"), null=True, blank=True)
    end_date = models.DateField(_("终止日期"), null=True, blank=True)
    exit_year = models.PositiveSmallIntegerField(_("脱贫年度"), null=True, blank=True)
    relocation_mode = models.CharField(
        _("安置方式"), max_length=8, choices=RelocationMode.choices, blank=True
    )
    relocation_site = models.CharField(_("安置点"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = HouseholdFlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("农户属性")
        verbose_name_plural = _("农户属性")
        indexes = [models.Index(fields=["kind", "end_date", "household"], name="flag_kind_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="flag_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["household", "kind"],
                condition=Q(end_date__isnull=True),
                name="flag_one_open_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class MemberQuerySet(ScopedQuerySet["Member"]):
    region_field = "household__village"

    def current(self) -> "MemberQuerySet":
        return self.filter(removed_on__isnull=True)


class Member(models.Model):
    class RemovalReason(models.TextChoices):
        DECEASED = "deceased", _("死亡")
        MOVED = "moved", _("迁出")
        DUPLICATE = "duplicate", _("重复登记")  # ended by a duplicate-candidate merge
        OTHER = "other", _("其他")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("姓名"), max_length=64, db_index=True)
    id_type = models.CharField(
        _("证件类型"), max_length=8, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("证件号码"), max_length=22, help_text=_("身份证号或残疾人证号"))
    # The 18-character citizen ID inside id_number: the person's identity for matching and uniqueness.
    person_id = models.CharField(_("身份证号"), max_length=18, unique=True)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=16, default="汉族")
    relationship = models.CharField(_("与户主关系"), max_length=8, choices=Relationship.choices)
    education = models.CharField(_("文化程度"), max_length=8, choices=Education.choices, blank=True)
    school_status = models.CharField(_("在校生状况"), max_length=12, choices=SchoolStatus.choices, blank=True)
    labour_skill = models.CharField(_("劳动技能"), max_length=12, choices=LabourSkill.choices)
    months_worked = models.PositiveSmallIntegerField(_("务工时间（月）"), default=0, validators=MONTHS)
    employer = models.CharField(_("务工单位"), max_length=100, blank=True)
    work_place = models.CharField(_("务工地点"), max_length=100, blank=True)
    healthy = models.BooleanField(_("健康"), default=True)
    chronic_disease = models.BooleanField(_("长期慢性病"), default=False)
    serious_illness = models.BooleanField(_("患有大病"), default=False)
    disabled = models.BooleanField(_("残疾"), default=False)
    disability_category = models.CharField(
        _("残疾类别"), max_length=4, choices=DisabilityCategory.choices, blank=True
    )
    disability_grade = models.CharField(
        _("残疾等级"), max_length=4, choices=DisabilityGrade.choices, blank=True
    )
    political_status = models.CharField(
        _("政治面貌"), max_length=8, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    medical_insurance = models.CharField(_("基本医疗保险"), max_length=8, choices=MedicalInsurance.choices)
    critical_illness_insurance = models.BooleanField(_("大病保险"), default=False)
    pension_insurance = models.BooleanField(_("养老保险"), default=False)
    dibao = models.BooleanField(_("享受低保"), default=False)
    tekun = models.BooleanField(_("特困供养"), default=False)
    welfare_post = models.CharField(_("公益岗位类型"), max_length=10, choices=WelfarePost.choices, blank=True)
    welfare_post_months = models.PositiveSmallIntegerField(_("公益岗位月数"), default=0, validators=MONTHS)
    removed_on = models.DateField(_("减员日期"), null=True, blank=True)
    removal_reason = models.CharField(_("减员原因"), max_length=10, choices=RemovalReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        indexes = [
            models.Index(fields=["household", "relationship"], name="member_household_relation"),
            models.Index(fields=["name"], name="member_name_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(
                fields=["person_id"], name="member_person_id_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["updated_at", "id"], name="member_updated_cursor"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relationship="户主", removed_on__isnull=True),
                name="member_one_head_per_household",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relationship="配偶", removed_on__isnull=True),
                name="member_one_spouse_per_household",
            ),
            # 文化程度 xor 在校生状况: exactly one of the two.
            models.CheckConstraint(
                condition=(Q(education="") & ~Q(school_status="")) | (~Q(education="") & Q(school_status="")),
                name="member_education_xor_school",
            ),
            models.CheckConstraint(
                condition=Q(healthy=False) | Q(chronic_disease=False, serious_illness=False, disabled=False),
                name="member_healthy_excludes_conditions",
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True, removal_reason="")
                | Q(removed_on__isnull=False) & ~Q(removal_reason=""),
                name="member_removal_has_reason",
            ),
            models.CheckConstraint(
                condition=_in_range("months_worked", 0, 13) & _in_range("welfare_post_months", 0, 13),
                name="member_months_within_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def able_to_work(self) -> bool:
        from .choices import ABLE_TO_WORK

        return self.labour_skill in ABLE_TO_WORK and self.removed_on is None


class MemberTransfer(models.Model):
    """A person moved from one household to another (the row moves; this keeps the trail)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="transfers_out")
    to_household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="transfers_in")
    old_relationship = models.CharField(max_length=8, choices=Relationship.choices)
    new_relationship = models.CharField(max_length=8, choices=Relationship.choices)
    reason = models.CharField(_("原因"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("成员户间转移")
        verbose_name_plural = _("成员户间转移")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.from_household_id} → {self.to_household_id}"


class IncomeRecordQuerySet(ScopedQuerySet["IncomeRecord"]):
    region_field = "household__village"


AMOUNT_FIELDS = (
    "wage",
    "business",
    "property",
    "transfer",
    "business_expense",
    "insurance_claims",
    "compliant_self_paid",
)


class IncomeRecord(models.Model):
    """收支 of one household for a year or a rolling window (SPEC 3)."""

    class Period(models.TextChoices):
        YEAR = "year", _("年度")
        ROLLING = "rolling", _("滚动12个月")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="incomes")
    period = models.CharField(_("口径"), max_length=8, choices=Period.choices, default=Period.YEAR)
    year = models.PositiveSmallIntegerField(_("年度"))
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    wage = models.DecimalField(_("工资性收入"), **money)
    business = models.DecimalField(_("生产经营性收入"), **money)
    property = models.DecimalField(_("财产性收入"), **money)
    transfer = models.DecimalField(_("转移性收入"), **money)
    business_expense = models.DecimalField(_("生产经营性支出"), **money)
    insurance_claims = models.DecimalField(_("理赔收入"), **money)
    compliant_self_paid = models.DecimalField(_("合规自付支出"), **money)
    members = models.PositiveSmallIntegerField(
        _("计算人口"), validators=[MinValueValidator(1), MaxValueValidator(SMALLINT_MAX)]
    )
    # Derived in save(): stored so "below the line" filters on an index.
    net_income = models.DecimalField(_("家庭纯收入"), max_digits=14, decimal_places=2, editable=False)
    per_capita_net = models.DecimalField(
        _("家庭人均纯收入"), max_digits=14, decimal_places=2, editable=False, db_index=True
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = IncomeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("收支情况")
        verbose_name_plural = _("收支情况")
        indexes = [
            models.Index(fields=["household", "-period_end"], name="income_household_latest"),
            models.Index(fields=["updated_at", "id"], name="income_updated_cursor"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "period", "period_end"], name="income_unique_period"
            ),
            models.CheckConstraint(condition=Q(members__gte=1), name="income_members_positive"),
            # SQLite does not enforce max_digits: without this a 13-digit wage is stored and every
            # read of it then fails (the decimal converter refuses it).
            models.CheckConstraint(
                condition=functools.reduce(
                    operator.and_, (_in_range(f, 0, MONEY_LIMIT) for f in AMOUNT_FIELDS)
                ),
                name="income_amounts_in_range",
            ),
            models.CheckConstraint(
                condition=Q(net_income__gt=-MONEY_LIMIT, net_income__lt=MONEY_LIMIT),
                name="income_net_in_range",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="income_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.period_start}–{self.period_end}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.compute()
        super().save(*args, **kwargs)

    @builtins.property  # the class body's own ``property`` is the 财产性收入 field
    def estimated(self) -> bool:
        """预估: the period has not ended yet. Such a record (the current year's) counts at once
        (``selectors.counting_income``); pages and the API mark it as an estimate."""
        return self.period_end > timezone.localdate()

    def compute(self) -> None:
        """家庭纯收入 = the four incomes − 生产经营性支出; 家庭人均纯收入 = 纯收入 / 人口 (2 decimals)."""
        self.net_income = (
            self.wage + self.business + self.property + self.transfer - self.business_expense
        ).quantize(CENT, ROUND_HALF_UP)
        self.per_capita_net = (self.net_income / self.members).quantize(CENT, ROUND_HALF_UP)


class MonitoringLineQuerySet(models.QuerySet["MonitoringLine"]):
    def visible_to(self, user):
        # The lines are public policy numbers: every signed-in user reads all of them.
        return self.all() if user.is_authenticated else self.none()


class MonitoringLine(models.Model):
    """监测范围: yuan per person per year, per year and region (city default, county override)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("适用区域"))
    amount = models.DecimalField(_("监测范围（元/人·年）"), max_digits=10, decimal_places=2)
    basis = models.CharField(_("依据"), max_length=200)
    effective_date = models.DateField(_("生效日期"))
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("演示用数值，非正式文件公布"))
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = MonitoringLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测范围")
        verbose_name_plural = _("监测范围")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["year", "region"], name="line_unique_year_region"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="line_amount_positive"),
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="line_updated_cursor")]

    def __str__(self) -> str:
        return f"{self.year} {self.region} {self.amount}"


class VisitQuerySet(ScopedQuerySet["Visit"]):
    region_field = "household__village"


class Visit(models.Model):
    """走访: the 两不愁三保障 and drinking-water check of one household on one day."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(_("走访方式"), max_length=8, choices=VisitKind.choices, default=VisitKind.HOME)
    food_clothing = models.CharField(_("不愁吃不愁穿"), max_length=8, choices=Assurance.choices)
    education = models.CharField(_("义务教育"), max_length=8, choices=Assurance.choices)
    medical = models.CharField(_("基本医疗"), max_length=8, choices=Assurance.choices)
    housing = models.CharField(_("住房安全"), max_length=8, choices=Assurance.choices)
    water = models.CharField(_("饮水安全"), max_length=8, choices=Assurance.choices)
    # One note per checklist item, so a problem is described where it was found.
    food_clothing_note = models.CharField(_("吃穿情况说明"), max_length=200, blank=True)
    education_note = models.CharField(_("义务教育情况说明"), max_length=200, blank=True)
    medical_note = models.CharField(_("基本医疗情况说明"), max_length=200, blank=True)
    housing_note = models.CharField(_("住房安全情况说明"), max_length=200, blank=True)
    water_note = models.CharField(_("饮水安全情况说明"), max_length=200, blank=True)
    problem_note = models.CharField(_("问题说明"), max_length=300, blank=True)
    income_change = models.CharField(_("收入变化"), max_length=4, choices=IncomeChange.choices, blank=True)
    new_risks = models.JSONField(_("新发现风险"), default=list, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = VisitQuerySet.as_manager()

    ASSURANCE_FIELDS = ("food_clothing", "education", "medical", "housing", "water")
    # Set by visit_record on the visit it returns: the clues the visit raised (not a column).
    raised: list[Any]

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        indexes = [
            models.Index(fields=["household", "-visited_on"], name="visit_household_latest"),
            models.Index(fields=["updated_at", "id"], name="visit_updated_cursor"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.visited_on}"

    @property
    def all_secure(self) -> bool:
        return all(getattr(self, f) == Assurance.SECURE for f in self.ASSURANCE_FIELDS) and not self.new_risks

    @property
    def assurance_risks(self) -> list[str]:
        """The risk types the checklist's problems suggest (RISK_BY_ASSURANCE), in checklist order."""
        found = [RISK_BY_ASSURANCE[f] for f in self.ASSURANCE_FIELDS if getattr(self, f) == Assurance.PROBLEM]
        return list(dict.fromkeys(found))

    @property
    def risk_types(self) -> list[str]:
        """Every risk the visit found: the checklist's problems, then the risks noted as new."""
        return list(dict.fromkeys([*self.assurance_risks, *self.new_risks]))


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="visits/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file.name or ""


class NameKey(models.Model):
    """A name's matching keys, computed once per distinct name (``households.namekeys``): the
    simplified form (繁→简) and the toneless pinyin of it. The duplicate search joins members to
    this table and groups on the keys in SQL."""

    name = models.CharField(max_length=64, primary_key=True)
    simplified = models.CharField(max_length=64)
    pinyin = models.CharField(max_length=255, db_index=True)

    class Meta:
        verbose_name = _("姓名匹配键")
        verbose_name_plural = _("姓名匹配键")

    def __str__(self) -> str:
        return f"{self.name} → {self.pinyin}"


class DuplicateCandidateQuerySet(ScopedQuerySet["DuplicateCandidate"]):
    # The lowest region holding both records: a pair across two villages is the township's.
    region_field = "region"

    def open(self) -> "DuplicateCandidateQuerySet":
        return self.filter(status=DuplicateCandidate.Status.OPEN)


class DuplicateCandidate(models.Model):
    """疑似重复: two members (or two households) that are probably one, with a score and reasons.

    Rows are written by ``households.services.duplicates`` only: the search (nightly and on
    demand) upserts open pairs, and a cadre resolves a pair by merging it or marking it 不是同一人/户
    (kept, so a later search never brings the pair back)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("人员")
        HOUSEHOLD = "household", _("农户")

    class Status(models.TextChoices):
        OPEN = "open", _("待核实")
        MERGED = "merged", _("已合并")
        NOT_SAME = "not_same", _("不是同一对象")
        GONE = "gone", _("已不再匹配")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    # "m:<id a>:<id b>" or "h:<id a>:<id b>", a < b: one row per pair, the upsert's key.
    pair_key = models.CharField(max_length=48, unique=True, editable=False)
    member_a = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("人员甲")
    )
    member_b = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("人员乙")
    )
    household_a = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("农户甲")
    )
    household_b = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("农户乙")
    )
    # Both lead the composite indexes below: no single-column index of their own (fewer to keep
    # up when a county's search adds its pairs).
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("所属区域"),
    )
    county = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("区县")
    )
    score = models.PositiveSmallIntegerField(_("疑似程度"), validators=[MaxValueValidator(100)])
    reasons = models.JSONField(_("理由"), default=list)  # reason codes, see households.duplicates
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    kept = models.CharField(_("保留"), max_length=1, blank=True)  # "a" or "b" after a merge
    note = models.CharField(_("说明"), max_length=200, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    # When the score and reasons were last set (found, changed or found again): not every search.
    computed_at = models.DateTimeField(_("最近计算"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords(excluded_fields=["computed_at"])

    objects = DuplicateCandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("疑似重复")
        verbose_name_plural = _("疑似重复")
        indexes = [
            models.Index(fields=["county", "status", "-score"], name="dup_county_status_score"),
            models.Index(fields=["region", "status"], name="dup_region_status"),
            models.Index(fields=["updated_at", "id"], name="dup_updated_cursor"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="household", member_a__isnull=True, member_b__isnull=True)
                | Q(kind="member", member_a__isnull=False, member_b__isnull=False),
                name="dup_members_match_kind",
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="dup_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.pair_key

    @property
    def reason_texts(self) -> list[str]:
        from .duplicates import reason_text

        return [reason_text(code) for code in self.reasons]
