"""The progress rule of each target kind (indicators.progress)."""

from decimal import Decimal

from indicators.models import Indicator, Plan, TargetKind
from indicators.progress import ACHIEVED, BEHIND, NOT_ASSESSABLE, ON_TRACK, Point, assess

PLAN = Plan(period_start=2021, period_end=2025)


def indicator(kind=TargetKind.NUMBER, baseline="90", target="100", baseline_year=2020, average=False):
    return Indicator(
        plan=PLAN,
        target_kind=kind,
        baseline_value=baseline,
        baseline_year=baseline_year,
        target_value=target,
        target_year=2025,
        flag_average=average,
    )


def points(*pairs):
    return [Point(year, Decimal(str(value))) for year, value in pairs]


def test_no_actual_is_not_assessable():
    assert assess(indicator(), []) == NOT_ASSESSABLE


def test_number_on_the_linear_path_is_on_track():
    # Path 90 (2020) → 100 (2025): 2022 expects 94.
    assert assess(indicator(), points((2022, 94))) == ON_TRACK
    assert assess(indicator(), points((2022, 93.9))) == BEHIND


def test_number_reaching_the_target_early_is_achieved():
    assert assess(indicator(), points((2023, 100))) == ACHIEVED


def test_number_short_of_target_in_the_target_year_is_behind():
    assert assess(indicator(), points((2024, 99), (2025, 99.5))) == BEHIND


def test_latest_actual_decides():
    assert assess(indicator(), points((2024, 100), (2022, 80))) == ACHIEVED


def test_lower_target_than_baseline_means_lower_is_better():
    down = indicator(baseline="20", target="10")
    assert assess(down, points((2022, 15))) == ON_TRACK  # path expects 16
    assert assess(down, points((2022, 17))) == BEHIND
    assert assess(down, points((2023, 10))) == ACHIEVED


def test_number_without_printed_baseline_starts_the_path_at_the_first_actual():
    no_base = indicator(baseline="—", target="90")
    assert assess(no_base, points((2021, 70))) == ON_TRACK
    # path 70 (2021) → 90 (2025): 2023 expects 80.
    assert assess(no_base, points((2021, 70), (2023, 79))) == BEHIND
    assert assess(no_base, points((2021, 70), (2023, 81))) == ON_TRACK


def test_plan_average_compares_the_mean_of_the_period():
    average = indicator(baseline="4.58%", target="4.2%*", average=True)
    assert assess(average, points((2021, 4.9), (2022, 3.9))) == ON_TRACK  # mean 4.4
    assert assess(average, points((2021, 4.0), (2022, 4.1))) == BEHIND
    assert assess(average, points((2021, 4.5), (2025, 4.2))) == ACHIEVED


def test_at_least_holds_until_the_target_year():
    floor = indicator(kind=TargetKind.AT_LEAST, baseline="32.4万吨", target="≥32.4万吨")
    assert assess(floor, points((2023, 32.4))) == ON_TRACK
    assert assess(floor, points((2025, 33))) == ACHIEVED
    assert assess(floor, points((2023, 32.3))) == BEHIND


def test_ratio_follows_the_path_of_its_quotient():
    ratio = indicator(kind=TargetKind.RATIO, baseline="1.2: 1", target="2: 1")
    # path 1.2 → 2.0 over five years: 2023 expects 1.68.
    assert assess(ratio, points((2023, 1.7))) == ON_TRACK
    assert assess(ratio, points((2023, 1.5))) == BEHIND
    assert assess(ratio, points((2024, 2))) == ACHIEVED


def test_relative_and_qualitative_need_the_county_assessment():
    for kind, target in [(TargetKind.RELATIVE, "高于全市平均水平"), (TargetKind.QUALITATIVE, "保持稳定")]:
        words = indicator(kind=kind, target=target)
        assert assess(words, points((2023, 9.1))) == NOT_ASSESSABLE
        judged = [Point(2022, None, BEHIND), Point(2023, None, ON_TRACK)]
        assert assess(words, judged) == ON_TRACK


def test_corrected_target_is_the_one_assessed():
    corrected = indicator(target="100")
    corrected.corrected_target_value = "95"
    assert assess(corrected, points((2024, 96))) == ACHIEVED
