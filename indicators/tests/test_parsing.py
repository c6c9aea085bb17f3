from decimal import Decimal

import pytest

from indicators.parsing import parse_printed


@pytest.mark.parametrize(
    ("printed", "number"),
    [
        ("95", Decimal("95")),
        ("82.5", Decimal("82.5")),
        ("8.3%", Decimal("8.3")),
        ("17.42%", Decimal("17.42")),
        ("≥1075", Decimal("1075")),
        ("≥98%", Decimal("98")),
        ("32.4万吨", Decimal("32.4")),
        ("≥32.4万吨", Decimal("32.4")),
        ("4.0*", Decimal("4.0")),
        ("4.3%*", Decimal("4.3")),
        ("1.2: 1", Decimal("1.2")),
        ("0.8:1", Decimal("0.8")),
        ("2：1", Decimal("2")),
        (" 350 ", Decimal("350")),
    ],
)
def test_printed_numbers_are_read(printed, number):
    assert parse_printed(printed) == number


@pytest.mark.parametrize(
    "printed", ["—", "--", "", None, "高于全市平均水平*", "保持规模总体稳定", "基本完成", "1:0"]
)
def test_words_dashes_and_blanks_are_not_numbers(printed):
    assert parse_printed(printed) is None


def test_every_numeric_target_of_the_tables_parses(plans):
    from indicators.models import Indicator, TargetKind

    numeric = Indicator.objects.exclude(target_kind__in=(TargetKind.RELATIVE, TargetKind.QUALITATIVE))
    assert numeric.count() > 40
    assert all(parse_printed(i.target_value) is not None for i in numeric)
    words = Indicator.objects.filter(target_kind__in=(TargetKind.RELATIVE, TargetKind.QUALITATIVE))
    assert all(parse_printed(i.target_value) is None for i in words)
