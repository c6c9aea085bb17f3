"""Writes of the indicators app: actual values typed by the county, computed values, snapshots."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from households.models import IncomeRecord
from households.selectors import income_line_condition
from regions.models import Region

from .dashboard import dashboard_cache_clear
from .metrics import COMPUTE, percent
from .models import Actual, ComputedValue, Indicator, TargetKind, VillageSnapshot

COMPUTED_SOURCE = "系统计算（监测帮扶数据）"
SNAPSHOT_DAYS_KEPT = 7


@transaction.atomic
def actual_record(
    *,
    indicator: Indicator,
    region: Region,
    year: int,
    by: User,
    source: str,
    value: Decimal | None = None,
    value_text: str = "",
    assessment: str = "",
) -> Actual:
    """Enter (or correct) the actual of ``indicator`` for ``region`` and ``year``.

    County users only, for a region inside both their scope and the plan's area. Computed
    indicators are refused: their values come from the register. History keeps every earlier value.
    """
    require_role(by, Role.COUNTY, region=region)
    plan = indicator.plan
    if not region.is_within(plan.region):
        raise ServiceError(_("该区域不在规划范围内。"), code="outside_plan", field="region")
    words = indicator.target_kind in (TargetKind.RELATIVE, TargetKind.QUALITATIVE)
    if indicator.metric:
        # The value comes from the register; a worded target (保持稳定…) still needs the county's
        # judgement, recorded beside the computed value (computed_refresh keeps it).
        if not (words and assessment) or value is not None:
            raise ServiceError(_("该指标由系统根据监测帮扶数据计算，不能手工填报数值。"), code="computed")
    first_year = (indicator.baseline_year or plan.period_start - 1) + 1
    if not first_year <= year <= indicator.target_year + 5:
        raise ServiceError(
            _("年度应在 %(a)s 至 %(b)s 之间。") % {"a": first_year, "b": indicator.target_year + 5},
            code="year",
            field="year",
        )
    if assessment and not words:
        raise ServiceError(
            _("数值型指标按规则自动评估，无需人工评定。"), code="assessment", field="assessment"
        )
    if value is None and not words:
        raise ServiceError(_("请填写数值。"), code="value_required", field="value")
    if value is None and not value_text and not assessment:
        raise ServiceError(_("请填写数值、文字表述或评定中的至少一项。"), code="empty", field="value")
    actual = Actual.objects.select_for_update().filter(
        indicator=indicator, region=region, year=year
    ).first() or Actual(indicator=indicator, region=region, year=year)
    if indicator.metric:  # the assessment only: value and source stay the register's
        actual.value_text, actual.assessment = value_text.strip(), assessment
    else:
        actual.value, actual.value_text, actual.assessment = value, value_text.strip(), assessment
        actual.source, actual.entered_by, actual.computed = source.strip(), by, False
    actual._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    actual.save()
    return actual


def computed_regions() -> QuerySet[Region]:
    """Regions that get computed values: the city, counties and townships (villages roll up)."""
    return Region.objects.filter(
        level__in=(Region.Level.CITY, Region.Level.COUNTY, Region.Level.TOWNSHIP)
    ).order_by("depth", "code")


@transaction.atomic
def computed_refresh(*, year: int | None = None, on: datetime.date | None = None) -> int:
    """Recompute every register metric for every region and store it for ``year``; then write the
    actuals of the plan indicators bound to a metric. Idempotent: a rerun overwrites the same rows."""
    on = on or timezone.localdate()
    year = year or on.year
    regions = list(computed_regions())
    rows = [
        ComputedValue(metric=metric, region=region, year=year, numerator=n, denominator=d)
        for metric, compute in COMPUTE.items()
        for region in regions
        for n, d in [compute(region, on)]
    ]
    ComputedValue.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["metric", "region", "year"],
        update_fields=["numerator", "denominator", "computed_at"],
    )
    values = {(r.metric, r.region_id): r for r in rows}
    for indicator in Indicator.objects.exclude(metric="").select_related("plan__region"):
        plan_region = indicator.plan.region
        for region in regions:
            found = values.get((indicator.metric, region.pk))
            if not region.is_within(plan_region) or region.level == Region.Level.TOWNSHIP or not found:
                continue
            rate = percent(found.numerator, found.denominator)
            if rate is None:
                continue
            actual = Actual.objects.filter(indicator=indicator, region=region, year=year).first()
            if actual and actual.value == rate and actual.computed:
                continue  # unchanged: no new history row
            actual = actual or Actual(indicator=indicator, region=region, year=year)
            actual.value, actual.source, actual.computed, actual.entered_by = (
                rate,
                COMPUTED_SOURCE,
                True,
                None,
            )
            actual.save()
    transaction.on_commit(dashboard_cache_clear)
    return len(rows)


def _latest_incomes() -> QuerySet[IncomeRecord]:
    if connection.vendor == "postgresql":
        latest = IncomeRecord.objects.order_by("household_id", "-period_end", "-pk").distinct("household_id")
        return IncomeRecord.objects.filter(pk__in=latest.values("pk"))
    from django.db.models import OuterRef, Subquery

    newest = IncomeRecord.objects.filter(household=OuterRef("household")).order_by("-period_end", "-pk")
    return IncomeRecord.objects.filter(pk=Subquery(newest.values("pk")[:1]))


@transaction.atomic
def snapshot_refresh(*, day: datetime.date | None = None) -> int:
    """Count, per village, households whose income record counts and is judged against the line
    (``with_income``) and those below it, by the register's one rule
    (``households.selectors.income_line_condition``, as the household list and page).
    Replaces the day's rows (idempotent) and drops snapshots older than a week."""
    day = day or timezone.localdate()
    VillageSnapshot.objects.filter(
        Q(day=day) | Q(day__lt=day - datetime.timedelta(SNAPSHOT_DAYS_KEPT))
    ).delete()
    over_rows: dict[str, Any] = {"on": day, "record": "", "village": "household__village__"}
    counts = (
        _latest_incomes()
        .filter(income_line_condition(**over_rows, below=False))
        .values("household__village_id")
        .annotate(
            with_income=Count("pk"),
            below=Count("pk", filter=income_line_condition(**over_rows)),
        )
    )
    rows = [
        VillageSnapshot(
            day=day,
            village_id=c["household__village_id"],
            below_line=c["below"],
            with_income=c["with_income"],
        )
        for c in counts
    ]
    VillageSnapshot.objects.bulk_create(rows, batch_size=2000)
    transaction.on_commit(dashboard_cache_clear)
    return len(rows)


@transaction.atomic
def metrics_recompute(*, by: User) -> None:
    """A county user asks for the register metrics and the dashboard snapshot now (the nightly
    jobs do the same); the two tasks are queued on commit."""
    require_role(by, Role.COUNTY)
    from . import tasks  # the task module imports this one

    transaction.on_commit(lambda: tasks.snapshot_refresh.delay())
    transaction.on_commit(lambda: tasks.computed_refresh.delay())
