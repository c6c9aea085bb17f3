"""The assistance rules (SPEC 6; seeds 000 line 301, 002 line 271).

Two halves, both free of views:
- :func:`suggest_measures`, a pure function from risk types and labour capacity to catalogue items;
- queryset functions ``cases_*(cases)`` that narrow a (scoped) Case queryset to the cases breaking a
  rule. The case section's warnings and the data-quality checks (``assistance.checks``) both call
  them, so a rule is written once.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.quality import Finder
from households.choices import ABLE_TO_WORK, RiskType

from .models import Measure, MeasureCategory
from .selectors import has_implemented_measure

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# -- suggestions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueItem:
    """What the suggestion rule needs of a catalogue row (so the rule stays a pure function)."""

    code: str
    name: str
    kind: str
    addresses: tuple[str, ...]
    is_comprehensive_security: bool = False


@dataclass
class Suggestion:
    item: CatalogueItem
    risks: list[str] = field(default_factory=list)
    reason: str = ""


def catalogue_items() -> list[CatalogueItem]:
    """The active top-level categories: suggestions name a category, the cadre picks the sub-type."""
    return [
        CatalogueItem(c.code, c.name, c.kind, tuple(c.addresses), c.is_comprehensive_security)
        for c in MeasureCategory.objects.filter(parent__isnull=True, active=True).order_by("order", "code")
    ]


def _rank(item: CatalogueItem, able: bool) -> int:
    if able:  # 有劳动能力：开发式帮扶优先
        return 0 if item.kind == MeasureCategory.Kind.DEVELOPMENT else 1
    # 无劳动能力：综合保障优先，开发式措施不再建议
    return 0 if item.is_comprehensive_security else 1


def suggest_measures(
    risks: list[str], able_to_work: bool, catalogue: list[CatalogueItem]
) -> list[Suggestion]:
    """Suggested measures for a case, best first.

    - single risk → one targeted measure (a single measure, to avoid a welfare trap);
    - several risks → a household package with one measure per risk (shared ones merged);
    - someone able to work → development measures ranked first, and the package always holds one;
    - nobody able to work → no development measures, and 综合保障 always in the suggestion
      (SPEC 4, exit rule 5: such a household keeps comprehensive social security).
    ``catalogue`` is in display order; ties keep that order.
    """
    risks = list(dict.fromkeys(risks))  # de-duplicated, order kept
    usable = [i for i in catalogue if able_to_work or i.kind != MeasureCategory.Kind.DEVELOPMENT]
    chosen: dict[str, Suggestion] = {}
    for risk in risks:
        candidates = sorted((i for i in usable if risk in i.addresses), key=lambda i: _rank(i, able_to_work))
        if not candidates:
            continue
        best = candidates[0]
        suggestion = chosen.setdefault(best.code, Suggestion(best))
        suggestion.risks.append(risk)
    if (
        len(risks) > 1
        and able_to_work
        and not any(s.item.kind == MeasureCategory.Kind.DEVELOPMENT for s in chosen.values())
    ):
        development = next((i for i in usable if i.kind == MeasureCategory.Kind.DEVELOPMENT), None)
        if development:
            chosen[development.code] = Suggestion(
                development, reason=str(_("家庭有劳动能力，安排开发式帮扶"))
            )
    if not able_to_work and not any(s.item.is_comprehensive_security for s in chosen.values()):
        security = next((i for i in usable if i.is_comprehensive_security), None)
        if security:
            chosen[security.code] = Suggestion(security, reason=str(_("家庭无劳动能力，落实综合保障")))
    result = sorted(chosen.values(), key=lambda s: _rank(s.item, able_to_work))
    for suggestion in result:
        if not suggestion.reason:
            suggestion.reason = str(_("针对风险：%s")) % "、".join(suggestion.risks)
    return result


def household_able_to_work(household) -> bool:
    return household.members.filter(removed_on__isnull=True, labour_skill__in=ABLE_TO_WORK).exists()


def suggestions_for_case(case) -> list[Suggestion]:
    risks = list(case.risks.values_list("risk_type", flat=True))
    return suggest_measures(risks, household_able_to_work(case.household), catalogue_items())


def refuse_assisted_exit_without_measure(case) -> str | None:
    """Exit guard (registered in ``monitoring.exit_guards`` at ready()): an assisted exit needs at
    least one implemented measure."""
    if has_implemented_measure(case):
        return None
    return str(_("帮扶消除须至少有一项已落实的帮扶措施。"))


# -- rule checks over cases --------------------------------------------------------------------


def _live_measures(**filters) -> models.QuerySet:
    """Measures of the outer case that count for a rule: anything not cancelled."""
    return Measure.objects.filter(case=OuterRef("pk"), **filters).exclude(status=Measure.Status.CANCELLED)


def _able_member():
    from households.models import Member

    return Member.objects.filter(
        household=OuterRef("household"), removed_on__isnull=True, labour_skill__in=ABLE_TO_WORK
    )


def _measure_days_cutoff(today: datetime.date) -> models.Expression:
    """The latest enrolment date already past the deadline, per case: the county's own
    ``measure_days`` when it set one (deepest override wins), else the default. One expression,
    so the check stays one query however many counties a deployment holds."""
    from common.models import PolicySetting
    from common.policies import POLICIES

    def cutoff(days) -> datetime.date:
        return today - datetime.timedelta(days=int(days))

    overrides = PolicySetting.objects.filter(key="measure_days").select_related("region")
    whens = [
        models.When(village__path__startswith=o.region.path, then=models.Value(cutoff(o.value)))
        for o in sorted(overrides, key=lambda o: -o.region.depth)
    ]
    default = models.Value(cutoff(POLICIES["measure_days"].default))
    if not whens:
        return default
    return models.Case(*whens, default=default, output_field=models.DateField())


def cases_without_timely_measure(cases, today: datetime.date | None = None):
    """Enrolled longer than ``measure_days`` (policy, default 30) with no measure implemented."""
    today = today or timezone.localdate()
    return (
        cases.monitored()
        .alias(measure_cutoff=_measure_days_cutoff(today))
        .filter(enrolled_on__lt=models.F("measure_cutoff"))
        .exclude(Exists(Measure.objects.filter(case=OuterRef("pk"), status__in=Measure.IMPLEMENTED_STATUSES)))
    )


def cases_only_security_while_able(cases):
    """Someone in the household can work, yet every live measure is 综合保障."""
    return (
        cases.monitored()
        .filter(Exists(_live_measures()), Exists(_able_member()))
        .exclude(Exists(_live_measures(category__is_comprehensive_security=False)))
    )


def _category_ids_addressing(risk: str) -> list[int]:
    # The catalogue is small; reading it here keeps JSON-list matching portable (SQLite and PG).
    return [
        pk for pk, addresses in MeasureCategory.objects.values_list("pk", "addresses") if risk in addresses
    ]


def cases_with_unaddressed_risk(cases, risk: str):
    """Cases carrying ``risk`` without any live measure from a category addressing it."""
    from monitoring.models import CaseRisk

    return (
        cases.monitored()
        .filter(Exists(CaseRisk.objects.filter(case=OuterRef("pk"), risk_type=risk)))
        .exclude(Exists(_live_measures(category_id__in=_category_ids_addressing(risk))))
    )


def cases_without_contact(cases):
    """Cases with no current 帮扶责任人 (SPEC 4: every monitored case has at least one). Set as
    ``monitoring.hooks`` rule at ready(): the county decision and the work queue ask it."""
    from .models import CaseContact

    return cases.exclude(Exists(CaseContact.objects.current().filter(case=OuterRef("pk"))))


def cases_monitored_without_contact(cases):
    return cases_without_contact(cases.monitored())


def cases_missing_water_measure(cases):
    return cases_with_unaddressed_risk(cases, RiskType.WATER)


def cases_missing_housing_measure(cases):
    """因安全住房 without a housing-safety or relocation measure (both address the risk)."""
    return cases_with_unaddressed_risk(cases, RiskType.HOUSING)


@dataclass(frozen=True)
class Rule:
    code: str
    label: "StrOrPromise"
    find: Finder


RULES = [
    Rule("measure_within_days", _("纳入后超过规定天数未落实帮扶措施"), cases_without_timely_measure),
    Rule("only_security_for_able", _("有劳动能力的家庭仅落实综合保障措施"), cases_only_security_while_able),
    Rule(
        "water_risk_without_water_measure", _("存在安全饮水风险但无饮水安全措施"), cases_missing_water_measure
    ),
    Rule(
        "housing_risk_without_housing_measure",
        _("存在安全住房风险但无住房安全保障或搬迁措施"),
        cases_missing_housing_measure,
    ),
    Rule("monitored_without_contact", _("监测对象无帮扶责任人"), cases_monitored_without_contact),
]


def case_warnings(case) -> list[Rule]:
    """The rules ``case`` breaks now (one small query per rule)."""
    from monitoring.models import Case

    one = Case.objects.filter(pk=case.pk)
    return [rule for rule in RULES if rule.find(one).exists()]
