"""The repayment schedule of a loan: a pure function of its terms (no database).

Interest accrues by the day on the principal outstanding, at the annual rate over 360 days (the
banks' 日利率 = 年利率 / 360), rounded to the cent per instalment (half up). 贴息 is computed the
same way at the subsidy rate. Two methods:

- 按季付息、到期还本 (the usual 扶贫小额信贷 terms): interest every three months from the start
  date, the whole principal with the last instalment;
- 等额本金（按月）: the principal in equal monthly parts (the last one takes the cents left over),
  interest on what is still outstanding.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

CENT = Decimal("0.01")
DAYS_IN_YEAR = 360
QUARTERLY = "quarterly"
EQUAL_PRINCIPAL = "equal_principal"


@dataclass(frozen=True)
class Row:
    number: int
    due_on: datetime.date
    principal: Decimal
    interest: Decimal
    subsidy: Decimal


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    return day + relativedelta(months=months)


def accrued(principal: Decimal, annual_rate: Decimal, days: int) -> Decimal:
    """Interest on ``principal`` for ``days`` at ``annual_rate`` percent a year, to the cent."""
    return (principal * annual_rate / 100 * days / DAYS_IN_YEAR).quantize(CENT, ROUND_HALF_UP)


def due_dates(start: datetime.date, end: datetime.date, step_months: int) -> list[datetime.date]:
    """Every ``step_months`` from ``start`` (counted from ``start`` itself), ending on ``end``."""
    dates, k = [], 1
    while (day := add_months(start, k * step_months)) < end:
        dates.append(day)
        k += 1
    return [*dates, end]


def build_schedule(
    *,
    amount: Decimal,
    annual_rate: Decimal,
    subsidy_rate: Decimal,
    start: datetime.date,
    end: datetime.date,
    method: str = QUARTERLY,
    first_number: int = 1,
) -> list[Row]:
    """The instalments of ``amount`` lent from ``start`` until ``end``."""
    if end <= start:
        raise ValueError("end must be after start")
    dates = due_dates(start, end, 1 if method == EQUAL_PRINCIPAL else 3)
    if method == EQUAL_PRINCIPAL:
        part = (amount / len(dates)).quantize(CENT, ROUND_HALF_UP)
        parts = [part] * (len(dates) - 1) + [amount - part * (len(dates) - 1)]
    else:
        parts = [Decimal(0)] * (len(dates) - 1) + [amount]
    rows, outstanding, previous = [], amount, start
    for offset, (day, principal) in enumerate(zip(dates, parts, strict=True)):
        days = (day - previous).days
        rows.append(
            Row(
                number=first_number + offset,
                due_on=day,
                principal=principal,
                interest=accrued(outstanding, annual_rate, days),
                subsidy=accrued(outstanding, subsidy_rate, days),
            )
        )
        outstanding -= principal
        previous = day
    return rows
