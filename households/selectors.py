"""Reads over the register that other apps share: the monitoring line and a household's income.

"Below the line" is decided here only: :func:`income_status` for one household (page, exit
guards) and :func:`income_line_condition` for lists (household list and filter, API, dashboard).
"""

import datetime
import functools
import operator
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

from common.policies import policy_int, policy_value
from regions.models import Region

from .models import Household, IncomeRecord, MonitoringLine


def line_for(year: int, region: Region) -> MonitoringLine | None:
    """The line of ``year`` for ``region``: the nearest ancestor's (a county overrides the city)."""
    codes = region.path.strip("/").split("/")
    return (
        MonitoringLine.objects.filter(year=year, region__code__in=codes)
        .select_related("region")
        .order_by("-region__depth")
        .first()
    )


def counting_income(on: datetime.date, months: int, prefix: str = "") -> Q:
    """THE rule for which income records speak for a household on ``on`` (SPEC 3).

    A record counts once its period has begun and while it ends inside the income window
    (policy ``income_window_months``, default 12): a current-year record (the year-end 收入采集,
    or a 预估 while the year still runs) counts at once, not only after 31 December; a record
    older than the window says nothing about the household's income now. The newest counting
    record (by period end) is the one assessed. ``prefix`` reaches the record through a relation
    (``latest_income__`` from a household).
    """
    return Q(
        **{
            f"{prefix}period_start__lte": on,
            f"{prefix}period_end__gt": on - relativedelta(months=months),
        }
    )


def latest_income(household: Household, on: datetime.date | None = None) -> IncomeRecord | None:
    """The record that speaks for the household on ``on`` (see :func:`counting_income`)."""
    on = on or timezone.localdate()
    months = policy_int("income_window_months", household.village)
    return household.incomes.filter(counting_income(on, months)).order_by("-period_end", "-pk").first()


def income_line_condition(
    on: datetime.date | None = None,
    *,
    record: str = "latest_income__",
    village: str = "village__",
    below: bool = True,
) -> Q:
    """Rows whose income record counts (:func:`counting_income`) and is below the line of its year
    and region; with ``below=False``, rows whose record counts and has a line to be judged by.

    The list-sized twin of :func:`income_status`: one condition for the household list and its
    filter (``record="latest_income__"``, the household's newest record), the API and the
    dashboard snapshot (over income rows: ``record=""``, ``village="household__village__"``).
    The line table is small, so it is read once and turned into one OR of (year, region subtree,
    amount) terms; a county override carves its subtree out of the city term.
    """
    on = on or timezone.localdate()
    lines = list(MonitoringLine.objects.select_related("region"))
    windows: dict[int, int] = {}
    terms = []
    for line in lines:
        if line.region_id not in windows:
            windows[line.region_id] = policy_int("income_window_months", line.region)
        term = counting_income(on, windows[line.region_id], record) & Q(
            **{f"{record}year": line.year, f"{village}path__startswith": line.region.path}
        )
        if below:
            term &= Q(**{f"{record}per_capita_net__lt": line.amount})
        for other in lines:
            if other.year == line.year and other.region.depth > line.region.depth:
                if other.region.path.startswith(line.region.path):
                    term &= ~Q(**{f"{village}path__startswith": other.region.path})
        terms.append(term)
    if not terms:
        return Q(pk__isnull=True)  # never true: no line, nobody below it
    return functools.reduce(operator.or_, terms)


def below_line_condition(on: datetime.date | None = None) -> Q:
    """Households below the line on ``on`` (for ``Household`` querysets)."""
    return income_line_condition(on)


@dataclass(frozen=True)
class IncomeStatus:
    record: IncomeRecord | None
    line: MonitoringLine | None

    @property
    def per_capita(self) -> Decimal | None:
        return self.record.per_capita_net if self.record else None

    @property
    def assessable(self) -> bool:
        return self.record is not None and self.line is not None

    @property
    def below_line(self) -> bool:
        return (
            self.record is not None
            and self.line is not None
            and self.record.per_capita_net < self.line.amount
        )

    def above_line_by(self, margin: Decimal) -> bool:
        """Strictly above the line plus ``margin`` yuan per person (the exit test)."""
        return (
            self.record is not None
            and self.line is not None
            and self.record.per_capita_net > self.line.amount + margin
        )


def income_status(household: Household, on: datetime.date | None = None) -> IncomeStatus:
    on = on or timezone.localdate()
    record = latest_income(household, on)
    year = record.year if record else on.year
    return IncomeStatus(record=record, line=line_for(year, household.village))


def exit_margin(household: Household) -> Decimal:
    return policy_value("exit_income_margin", household.village)


def stored_income(household: Household, year: int) -> IncomeRecord | None:
    """The household's yearly income record of ``year`` (what 记录收支 starts from)."""
    return IncomeRecord.objects.filter(
        household=household, period=IncomeRecord.Period.YEAR, year=year
    ).first()
