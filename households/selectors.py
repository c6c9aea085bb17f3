"""Reads over the register that other apps share: the monitoring line and a household's income."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from common.policies import policy_int, policy_value

from .models import Household, IncomeRecord, MonitoringLine


def line_for(year: int, region) -> MonitoringLine | None:
    """The line of ``year`` for ``region``: the nearest ancestor's (a county overrides the city)."""
    codes = region.path.strip("/").split("/")
    return (
        MonitoringLine.objects.filter(year=year, region__code__in=codes)
        .select_related("region")
        .order_by("-region__depth")
        .first()
    )


def latest_income(household: Household, on: datetime.date | None = None) -> IncomeRecord | None:
    """The newest income record of the household ending inside the income window before ``on``.

    The window (policy ``income_window_months``, default 12) is how far back an assessment may
    look: an older record says nothing about the household's income now.
    """
    on = on or timezone.localdate()
    since = on - relativedelta(months=policy_int("income_window_months", household.village))
    return household.incomes.filter(period_end__gt=since, period_end__lte=on).order_by("-period_end").first()


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
        return self.assessable and self.record.per_capita_net < self.line.amount

    def above_line_by(self, margin: Decimal) -> bool:
        """Strictly above the line plus ``margin`` yuan per person (the exit test)."""
        return self.assessable and self.record.per_capita_net > self.line.amount + margin


def income_status(household: Household, on: datetime.date | None = None) -> IncomeStatus:
    on = on or timezone.localdate()
    record = latest_income(household, on)
    year = record.period_end.year if record else on.year
    return IncomeStatus(record=record, line=line_for(year, household.village))


def exit_margin(household: Household) -> Decimal:
    return policy_value("exit_income_margin", household.village)


def stored_income(household: Household, year: int) -> IncomeRecord | None:
    """The household's yearly income record of ``year`` (what 记录收支 starts from)."""
    return IncomeRecord.objects.filter(
        household=household, period=IncomeRecord.Period.YEAR, year=year
    ).first()
