"""Benchmark of the assistance reads at municipal scale: the four rule checks, the 帮扶率 with its
breakdown, and the first page of the measure list.

    DATABASE_URL=postgres://... python bench/assistance.py --cases 30000

Builds throw-away regions, households, cases, risks, members and measures inside a transaction
that is rolled back at the end, so it can run against any database.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from _county import analyze, county_tree, households_with_heads, rolled_back, timed  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
from assistance.models import Measure, MeasureCategory  # noqa: E402
from assistance.rules import RULES  # noqa: E402
from assistance.selectors import assistance_rate, rate_breakdown  # noqa: E402
from households.choices import RiskType  # noqa: E402
from monitoring.models import Case, CaseRisk  # noqa: E402


def build(n_cases: int, rng: random.Random):
    county, _townships, villages = county_tree()
    user = User.objects.create(username="bench-user")
    households = households_with_heads(n_cases, villages, rng)
    today = datetime.date.today()
    cases = Case.objects.bulk_create(
        Case(
            household=h,
            village=h.village,
            category="边缘易致贫户",
            channel="干部走访排查",
            status=rng.choice(["monitored"] * 8 + ["eliminated", "exiting"]),
            step=0,
            found_on=today - datetime.timedelta(days=200),
            deadline=today,
            enrolled_on=today - datetime.timedelta(days=rng.randrange(1, 180)),
            created_by=user,
        )
        for h in households
    )
    CaseRisk.objects.bulk_create(
        CaseRisk(case=c, risk_type=r)
        for c in cases
        for r in rng.sample(list(RiskType.values), rng.randrange(1, 3))
    )
    categories = list(MeasureCategory.objects.all())
    Measure.objects.bulk_create(
        Measure(
            case=c,
            category=rng.choice(categories),
            content="基准措施",
            status=rng.choice(list(Measure.Status.values)),
            planned_end=today - datetime.timedelta(days=rng.randrange(-90, 90)),
            created_by=user,
        )
        for c in cases
        for _ in range(rng.randrange(0, 4))
    )
    return county


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=30000)
    args = parser.parse_args()
    print(f"database: {connection.vendor}, cases: {args.cases}")
    with rolled_back():
        started = time.perf_counter()
        county = build(args.cases, random.Random(7))
        print(f"build: {time.perf_counter() - started:.1f} s, measures: {Measure.objects.count()}")
        analyze()
        cases = Case.objects.filter(village__path__startswith=county.path)
        for rule in RULES:
            timed(f"rule {rule.code}", lambda rule=rule: rule.find(cases).count())
        timed("assistance_rate (county)", lambda: assistance_rate(cases))
        timed("rate_breakdown (30 townships)", lambda: len(rate_breakdown(county, Case.objects.all())))
        timed(
            "measure list, first page of overdue",
            lambda: len(
                list(
                    Measure.objects.filter(case__village__path__startswith=county.path, status="planned")
                    .select_related("case__household", "case__village", "category", "member")
                    .order_by("-updated_at", "-id")[:25]
                )
            ),
        )


if __name__ == "__main__":
    main()
