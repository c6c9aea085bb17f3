"""Benchmark of the monitoring reads and batch jobs at municipal scale: the work queues, the
overdue list, the quarterly review opener and completion, and the data-quality checks.

    DATABASE_URL=postgres://... python bench/monitoring.py --cases 30000

Builds throw-away regions, users, households, members and cases (a third in a procedure) inside a
transaction that is rolled back at the end, so it can run against any database.
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

from accounts.models import RoleAssignment, User  # noqa: E402
from common.quality import REGISTRY  # noqa: E402
from households.choices import RiskType  # noqa: E402
from monitoring.models import Case, CaseRisk  # noqa: E402
from monitoring.quality import quality_snapshot  # noqa: E402
from monitoring.reviews import quarter_of  # noqa: E402
from monitoring.selectors import review_completion, work_queue  # noqa: E402
from monitoring.services.reviews import review_open_rounds  # noqa: E402


def user_with(name, role, region):
    user = User.objects.create(username=name)
    RoleAssignment.objects.create(user=user, role=role).regions.set([region])
    return User.objects.get(pk=user.pk)


def build(n_cases: int, rng: random.Random):
    county, townships, villages = county_tree()
    creator = User.objects.create(username="bench-creator")
    households = households_with_heads(n_cases, villages, rng, uninsured_one_in=21)
    today = datetime.date.today()

    def case(h):
        status = rng.choice(
            ["monitored"] * 5 + ["enrolling", "enrolling", "exiting", "eliminated", "rejected"]
        )
        procedure = status in ("enrolling", "exiting")
        return Case(household=h, village=h.village, category="边缘易致贫户", channel="干部走访排查", status=status,
                    step=rng.randint(2, 5) if procedure else 0, found_on=today - datetime.timedelta(days=rng.randint(1, 40)),
                    deadline=today + datetime.timedelta(days=rng.randint(-20, 15)), notice_end=today - datetime.timedelta(days=1),
                    enrolled_on=None if status in ("enrolling", "rejected") else today - datetime.timedelta(days=rng.randint(30, 600)),
                    eliminated_on=today - datetime.timedelta(days=10) if status == "eliminated" else None, created_by=creator)  # fmt: skip

    cases = Case.objects.bulk_create((case(h) for h in households), batch_size=2000)
    CaseRisk.objects.bulk_create(
        (
            CaseRisk(case=c, risk_type=r)
            for c in cases
            for r in rng.sample(list(RiskType.values[:3]) + ["缺劳动力"], 1)
        ),
        batch_size=2000,
    )
    return {
        "county": user_with("bench-county", "county", county),
        "township": user_with("bench-township", "township", townships[0]),
        "village": user_with("bench-village", "village", villages[0]),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=30000)
    args = parser.parse_args()
    print(f"database: {connection.vendor}, cases: {args.cases}")
    with rolled_back():
        started = time.perf_counter()
        users = build(args.cases, random.Random(7))
        print(f"build: {time.perf_counter() - started:.1f} s")
        analyze()
        for role, user in users.items():
            timed(f"work queue first page ({role})", lambda user=user: len(list(work_queue(user)[:25])))
        county = users["county"]
        overdue = Case.objects.visible_to(county).overdue()
        timed("overdue count (county)", overdue.count)
        timed(
            "overdue list first page (county)",
            lambda: len(
                list(
                    overdue.select_related("household", "village")
                    .prefetch_related("risks")
                    .order_by("-updated_at")[:25]
                )
            ),
        )
        timed("review_open_rounds (all villages)", review_open_rounds)
        timed("review_open_rounds again (idempotent)", review_open_rounds)
        timed(
            "review_completion (county)",
            lambda: review_completion(county, quarter_of(datetime.date.today()))["total"],
        )
        for code in [
            c
            for c in REGISTRY
            if REGISTRY[c].model in ("monitoring.Case", "households.Household", "households.Member")
        ]:
            timed(f"check {code}", lambda code=code: REGISTRY[code].run(county).count())
        timed("quality_snapshot (nightly, all checks)", quality_snapshot)


if __name__ == "__main__":
    main()
