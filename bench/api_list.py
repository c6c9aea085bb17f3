"""REST API v1 list endpoints at county scale (issue 10).

Builds 200,000 households / 650,000 members (the households benchmark's COPY generator) plus
5% of them as monitoring cases in its own PostgreSQL database, then times list pages of 100
through Django's test Client with token auth: p50/p95 for a village cadre, a township and the
whole county, first pages and deep cursor pages; then the time to pull every household through
the cursor.

    .venv/bin/python bench/api_list.py [--households 200000] [--requests 100]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/sx_bench_api; a second run reuses
the data (drop the database to rebuild).
"""

import argparse
import base64
import datetime
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from _database import ensure_database  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_bench_api")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("API_RATE_TOKEN", "100000000/hour")  # measure the endpoints, not the throttle

# One generator for both benchmarks: the households one already writes the register with COPY.
_spec = importlib.util.spec_from_file_location("households_list", ROOT / "bench" / "households_list.py")
households_list = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(households_list)


def spread() -> None:
    """Realistic cursors: the generator stamps every row with one time; real rows are written
    over months, so spread updated_at over a year in an order unrelated to id."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("households_household", "households_member", "households_incomerecord"):
            cursor.execute(
                f"UPDATE {table} SET updated_at = "
                "timestamptz '2025-01-01 00:00:00+08' + ((id * 7919) %% 31536000) * interval '1 second'",
                [],
            )
        cursor.execute("ANALYZE")


def spread_and_nominate(case_share: int = 20) -> None:
    """``spread`` and one case (with a risk and five steps) for every ``case_share``-th household."""
    from django.db import connection

    from accounts.models import User
    from households.models import Household
    from monitoring.models import Case, CaseRisk, CaseStep

    spread()
    by = User.objects.get(username="village_a")
    households = Household.objects.filter(id__in=range(case_share, 10**7, case_share)).values_list(
        "id", "village_id"
    )
    today = datetime.date(2026, 3, 1)
    cases = Case.objects.bulk_create(
        (
            Case(
                household_id=hid,
                village_id=vid,
                category="边缘易致贫户",
                channel="干部走访排查",
                status=Case.Status.MONITORED,
                step=0,
                found_on=today,
                deadline=today,
                enrolled_on=today,
                created_by=by,
            )
            for hid, vid in households
        ),
        batch_size=2000,
    )
    CaseRisk.objects.bulk_create((CaseRisk(case=c, risk_type="因病") for c in cases), batch_size=5000)
    CaseStep.objects.bulk_create(
        (
            CaseStep(case=c, procedure="enrolment", step=step, decision="pass", by=by, role="village")
            for c in cases
            for step in range(1, 6)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def cursor_at(model, fraction: float) -> str:
    """A cursor token pointing ``fraction`` of the way through the table, as a client holds
    after pulling that far."""
    row = model.objects.order_by("updated_at", "id").values("updated_at", "id")[
        int(model.objects.count() * fraction)
    ]
    state = {
        "after": [row["updated_at"].isoformat(), row["id"]],
        "since": datetime.datetime.now(datetime.UTC).isoformat(),
    }
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode()


def measure(client, path: str, params: dict, n: int) -> tuple[float, float, float]:
    timings = []
    client.get(path, params)  # warm
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (response.status_code, response.content[:200])
    timings.sort()
    # The minimum is the cost on a quiet machine; p50/p95 include whatever else the host runs.
    return timings[0], statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)]


def pull_all(client, path: str, page_size: int) -> tuple[int, int, float]:
    started = time.perf_counter()
    rows = pages = 0
    response = client.get(path, {"page_size": page_size})
    while True:
        body = response.json()
        rows += len(body["results"])
        pages += 1
        if not body["next"]:
            return rows, pages, time.perf_counter() - started
        response = client.get(body["next"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--members", type=int, default=650_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--pull-sizes", type=int, nargs="*", default=[1000, 100])
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from accounts import demo as accounts_demo
    from accounts.models import User
    from households import demo as households_demo
    from households.models import Household, Member
    from monitoring.models import Case
    from regions import demo as regions_demo

    call_command("migrate", verbosity=0)
    regions_demo.build()
    accounts_demo.build()
    households_demo._lines(households_demo.Region.objects.get(code=households_demo.CITY))
    started = time.monotonic()
    if Household.objects.count() != args.households:
        households_list.generate(args.households, args.members)
        Case.objects.all().delete()
    if not Case.objects.exists():
        spread_and_nominate()
    elif Member.objects.order_by().values("updated_at").distinct()[:2].count() < 2:
        spread()
    print(
        f"{Household.objects.count():,} households / {Member.objects.count():,} members / "
        f"{Case.objects.count():,} cases ready in {time.monotonic() - started:.0f}s"
    )

    # As in a gunicorn worker (config/wsgi.py): start-up objects frozen, larger GC thresholds.
    from config.gc_tuning import tune

    tune()

    def client_for(username: str) -> Client:
        token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
        return Client(HTTP_AUTHORIZATION=f"Token {token.key}")

    deep_households = cursor_at(Household, 0.5)
    deep_cases = cursor_at(Case, 0.5)
    deep_members = cursor_at(Member, 0.5)
    recent = (Household.objects.order_by("-updated_at").values_list("updated_at", flat=True)[500]).isoformat()
    sample = Member.objects.filter(household__village__code="500230201201").order_by("pk").first()
    scenarios = [
        ("households", {}),
        ("households", {"cursor": deep_households}),
        ("households", {"updated_since": recent}),
        ("households", {"region": "500230201000"}),
        ("members", {}),
        ("members", {"cursor": deep_members}),
        ("members", {"id_number": sample.id_number}),
        ("cases", {}),
        ("cases", {"cursor": deep_cases}),
        ("cases", {"status": "monitored", "risk_type": "因病"}),
        ("incomes", {}),
    ]
    print(f"\npage size 100, {args.requests} requests each")
    print(f"{'user':<10} {'endpoint':<11} {'params':<28} {'min ms':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for username in ("village_a", "township", "county"):
        client = client_for(username)
        for endpoint, params in scenarios:
            if username != "county" and "region" in params:
                continue
            low, p50, p95 = measure(client, f"/api/v1/{endpoint}/", params, args.requests)
            label = (
                ",".join(f"{k}={'…' if k == 'cursor' else v}" for k, v in params.items())[:28] or "first page"
            )
            print(f"{username:<10} {endpoint:<11} {label:<28} {low:8.1f} {p50:8.1f} {p95:8.1f}")

    county = client_for("county")
    print()
    for size in args.pull_sizes:
        rows, pages, seconds = pull_all(county, "/api/v1/households/", size)
        print(
            f"pull all households (county) at page_size={size}: {rows:,} rows, {pages:,} pages, "
            f"{seconds:.1f}s ({rows / seconds:,.0f} rows/s, {seconds / pages * 1000:.0f} ms/page)"
        )


if __name__ == "__main__":
    main()
