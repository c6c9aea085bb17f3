"""Progress of an indicator: achieved / on track / behind / not assessable.

The rule depends on the target kind; the latest actual (highest year) is judged:

* **number** and **ratio** (a ratio ``a:b`` is read as ``a / b``): a straight path runs from the
  baseline (baseline year) to the target (target year). When the baseline is not printed (``—``)
  the path starts at the first actual. Direction comes from the path: the target above the
  baseline means "higher is better", below means "lower is better" (no baseline: higher is
  better). The target met → **achieved** (also before the target year: reached early). Otherwise,
  before the target year, at or beyond the path's value for that year → **on track**, short of it
  → **behind**; from the target year on, not met → **behind**.
* **number marked \\*** (a plan-period average, e.g. a growth rate): the mean of the actuals inside
  the plan period is compared with the target: met → **achieved** from the target year, **on track**
  before it; not met → **behind**.
* **at least** (``≥X``): latest actual ≥ X → **achieved** from the target year, **on track** before it
  (a floor must hold until the end); below X → **behind**.
* **relative** (高于全市平均水平) and **qualitative** (保持稳定, 基本完成): the system cannot judge
  the words, so **not assessable** unless a county user records an assessment with the actual;
  the latest recorded assessment then stands.
* No actual, or a target that is not a number → **not assessable**.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import TargetKind
from .parsing import parse_printed

ACHIEVED, ON_TRACK, BEHIND, NOT_ASSESSABLE = "achieved", "on_track", "behind", "not_assessable"
LABELS = {
    ACHIEVED: _("已实现"),
    ON_TRACK: _("按进度"),
    BEHIND: _("滞后"),
    NOT_ASSESSABLE: _("无法评估"),
}


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal | None
    assessment: str = ""


def assess(indicator, points: list[Point]) -> str:
    """The progress status of ``indicator`` given its actuals for one region."""
    points = sorted(points, key=lambda p: p.year)
    if not points:
        return NOT_ASSESSABLE
    kind = indicator.target_kind
    if kind in (TargetKind.RELATIVE, TargetKind.QUALITATIVE):
        judged = [p.assessment for p in points if p.assessment]
        return judged[-1] if judged else NOT_ASSESSABLE
    target = parse_printed(indicator.effective_target)
    numbers = [p for p in points if p.value is not None]
    if target is None or not numbers:
        return NOT_ASSESSABLE
    latest = numbers[-1]
    assert latest.value is not None  # numbers are the measured points
    final = latest.year >= indicator.target_year
    if kind == TargetKind.AT_LEAST:
        if latest.value >= target:
            return ACHIEVED if final else ON_TRACK
        return BEHIND
    if indicator.flag_average:
        period = [
            p.value for p in numbers if p.value is not None and p.year >= indicator.plan.period_start
        ] or [latest.value]
        mean = sum(period) / len(period)
        if mean >= target:
            return ACHIEVED if final else ON_TRACK
        return BEHIND
    return _along_path(indicator, numbers, target)


def _along_path(indicator, numbers: list[Point], target: Decimal) -> str:
    baseline = parse_printed(indicator.effective_baseline)
    start_year = indicator.baseline_year
    higher_is_better = baseline is None or target >= baseline
    if baseline is None or start_year is None:
        baseline, start_year = numbers[0].value, numbers[0].year
    latest = numbers[-1]
    assert baseline is not None and latest.value is not None  # numbers are the measured points

    def meets(value: Decimal, goal: Decimal) -> bool:
        return value >= goal if higher_is_better else value <= goal

    if meets(latest.value, target):
        return ACHIEVED
    if latest.year >= indicator.target_year:
        return BEHIND
    span = indicator.target_year - start_year
    share = Decimal(latest.year - start_year) / span if span > 0 else Decimal(1)
    expected = baseline + (target - baseline) * share
    return ON_TRACK if meets(latest.value, expected) else BEHIND


def expected_path(indicator) -> list[tuple[int, Decimal]]:
    """The baseline and target as chart points (those that are numbers)."""
    found = []
    baseline = parse_printed(indicator.effective_baseline)
    if baseline is not None and indicator.baseline_year:
        found.append((indicator.baseline_year, baseline))
    target = parse_printed(indicator.effective_target)
    if target is not None:
        found.append((indicator.target_year, target))
    return found
