import datetime
from decimal import Decimal

import pytest

from microcredit.schedule import EQUAL_PRINCIPAL, QUARTERLY, build_schedule


def test_quarterly_interest_principal_at_maturity_exact_values():
    rows = build_schedule(
        amount=Decimal(50000),
        annual_rate=Decimal("4.35"),
        subsidy_rate=Decimal("3.00"),
        start=datetime.date(2026, 1, 10),
        end=datetime.date(2027, 1, 10),
        method=QUARTERLY,
    )
    assert [r.due_on for r in rows] == [
        datetime.date(2026, 4, 10),
        datetime.date(2026, 7, 10),
        datetime.date(2026, 10, 10),
        datetime.date(2027, 1, 10),
    ]
    # 50,000 × 4.35% × days / 360: 90, 91, 92 and 92 days.
    assert [r.interest for r in rows] == [
        Decimal("543.75"),
        Decimal("549.79"),
        Decimal("555.83"),
        Decimal("555.83"),
    ]
    assert [r.principal for r in rows] == [0, 0, 0, Decimal(50000)]
    # 贴息 at 3%: 375.00, 379.17, 383.33, 383.33.
    assert [r.subsidy for r in rows] == [
        Decimal("375.00"),
        Decimal("379.17"),
        Decimal("383.33"),
        Decimal("383.33"),
    ]
    assert [r.number for r in rows] == [1, 2, 3, 4]


def test_equal_principal_monthly_keeps_month_ends_and_puts_the_cents_last():
    rows = build_schedule(
        amount=Decimal(10000),
        annual_rate=Decimal("3.60"),
        subsidy_rate=Decimal(0),
        start=datetime.date(2026, 1, 31),
        end=datetime.date(2026, 4, 30),
        method=EQUAL_PRINCIPAL,
    )
    assert [r.due_on for r in rows] == [
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 30),
    ]
    assert [r.principal for r in rows] == [Decimal("3333.33"), Decimal("3333.33"), Decimal("3333.34")]
    # 10,000 × 3.6% × 28/360 = 28.00; 6,666.67 × 31 days = 20.67; 3,333.34 × 30 days = 10.00
    assert [r.interest for r in rows] == [Decimal("28.00"), Decimal("20.67"), Decimal("10.00")]
    assert sum(r.principal for r in rows) == Decimal(10000)
    assert all(r.subsidy == 0 for r in rows)


def test_an_irregular_last_period_ends_on_the_end_date():
    rows = build_schedule(
        amount=Decimal(1000),
        annual_rate=Decimal("3.60"),
        subsidy_rate=Decimal(0),
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 5, 1),
        first_number=5,
    )
    assert [(r.number, r.due_on) for r in rows] == [
        (5, datetime.date(2026, 4, 1)),
        (6, datetime.date(2026, 5, 1)),
    ]
    assert rows[1].interest == Decimal("3.00")  # 1,000 × 3.6% × 30 / 360


def test_the_end_must_follow_the_start():
    with pytest.raises(ValueError):
        build_schedule(
            amount=Decimal(1),
            annual_rate=Decimal(1),
            subsidy_rate=Decimal(0),
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 1, 1),
        )
