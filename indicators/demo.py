"""Demo: the three published plans, a few actual values typed by the 丰都 county user (labelled
as demo figures), then the computed indicators and the dashboard snapshot. Idempotent."""

from decimal import Decimal

from accounts.models import User
from regions.models import Region

from .loader import load_plans
from .models import Actual, Indicator
from .services import computed_refresh, snapshot_refresh

DEMO_SOURCE = "演示数据（非正式统计）"
FENGDU = "500230000000"
# (plan key, row order) → {year: value or (text, assessment)}
DEMO_ACTUALS: dict[tuple[str, int], dict[int, str | tuple[str, str]]] = {
    ("fengdu-2021", 3): {2021: "96.1", 2022: "96.8", 2023: "97.3", 2024: "97.6"},
    ("fengdu-2021", 7): {2021: "86.4", 2022: "86.9", 2023: "87.5", 2024: "88.2"},
    ("fengdu-2021", 8): {2021: "83", 2022: "84", 2023: "85", 2024: "86"},
    ("fengdu-2021", 12): {2022: "76", 2023: "77.5", 2024: "79"},
    ("fengdu-2021", 18): {2021: "4.9", 2022: "4.3", 2023: "4.0", 2024: "4.4"},
    ("fengdu-2021", 13): {2024: ("公益岗位规模保持稳定", Actual.Assessment.ON_TRACK)},
    ("chongqing-2021", 3): {2023: "96.5", 2024: "97.0"},
}


def build(*, stdout=None, **options) -> None:
    result = load_plans()
    region = Region.objects.filter(code=FENGDU).first()
    county_user = User.objects.filter(username="county").first()
    created = 0
    if region:
        indicators = {(i.plan.key, i.order): i for i in Indicator.objects.select_related("plan")}
        existing = set(Actual.objects.filter(region=region).values_list("indicator_id", "year"))
        rows = []
        for key, years in DEMO_ACTUALS.items():
            indicator = indicators[key]
            for year, value in years.items():
                if (indicator.pk, year) in existing:
                    continue
                text, assessment = value if isinstance(value, tuple) else ("", "")
                number = None if isinstance(value, tuple) else Decimal(value)
                rows.append(
                    Actual(
                        indicator=indicator,
                        region=region,
                        year=year,
                        value=number,
                        value_text=text,
                        assessment=assessment,
                        source=DEMO_SOURCE,
                        entered_by=county_user,
                    )
                )
        Actual.objects.bulk_create(rows)
        created = len(rows)
    computed_refresh()
    snapshot_refresh()
    if stdout:
        stdout.write(f"indicators: {result.created} indicators loaded, {created} demo actuals")
