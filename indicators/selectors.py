"""Reads for the plan pages and the export: which region's figures, and each row's progress."""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.http import Http404

from accounts.models import User
from accounts.scope import scope_regions
from regions.models import Region

from .models import Actual, Indicator, Plan
from .progress import LABELS, Point, assess, expected_path


def region_choices(plan: Plan, user: User) -> list[Region]:
    """Regions whose figures the user may read on this plan: the plan's own region, then the
    user's regions inside the plan's area (a 丰都 county user also sees 丰都's figures for the
    Chongqing city plan)."""
    inside = [r for r in scope_regions(user) if r.is_within(plan.region) and r.pk != plan.region_id]
    return [plan.region, *sorted({r.pk: r for r in inside}.values(), key=lambda r: r.code)]


def plan_region(plan: Plan, user: User, code: str | None) -> Region:
    """``?region=code`` among :func:`region_choices` (a region inside the user's scope and the
    plan's area also qualifies); anything else is not found."""
    choices = region_choices(plan, user)
    if not code:
        return choices[0]
    for region in choices:
        if region.code == code:
            return region
    found = Region.objects.visible_to(user).filter(code=code).first()
    if found is None or not found.is_within(plan.region):
        raise Http404
    return found


@dataclass
class ProgressRow:
    indicator: Indicator
    actuals: list[Actual] = field(default_factory=list)
    status: str = ""

    @property
    def latest(self) -> Actual | None:
        return self.actuals[-1] if self.actuals else None

    @property
    def status_label(self) -> str:
        return str(LABELS[self.status])

    @cached_property
    def chart(self) -> dict[str, Any] | None:
        """Series for the chart: the plan's path (baseline → target) and the actuals; ``None``
        for targets in words, which have no scale to draw."""
        indicator = self.indicator
        path = expected_path(indicator)
        if not path or path[-1][0] != indicator.target_year:
            return None
        actuals = [[a.year, float(a.value)] for a in self.actuals if a.value is not None]
        years = [year for year, _ in path] + [year for year, _ in actuals]
        return {
            "name": indicator.name,
            "unit": indicator.unit,
            "path": [[year, float(value)] for year, value in path],
            "actuals": actuals,
            "years": [min(years + [indicator.plan.period_start]), max(years)],
        }


def progress_rows(plan: Plan, region: Region) -> list[ProgressRow]:
    """Every indicator of ``plan`` with its actuals for ``region`` and its status. Two queries."""
    rows = {i.pk: ProgressRow(indicator=i) for i in plan.indicators.select_related("plan")}
    for actual in Actual.objects.filter(indicator__plan=plan, region=region).order_by("year"):
        rows[actual.indicator_id].actuals.append(actual)
    for row in rows.values():
        points = [Point(a.year, a.value, a.assessment) for a in row.actuals]
        row.status = assess(row.indicator, points)
    return list(rows.values())


def actual_years(rows: list[ProgressRow]) -> list[int]:
    return sorted({a.year for row in rows for a in row.actuals})
