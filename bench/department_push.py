"""Benchmark: a department system pushes 10,000 records (``POST /api/v1/department-records/``, issue 18).

Run from the repository root:

    python bench/department_push.py [--records 10000] [--members 300000] [--runs 3]

Database: DATABASE_URL (PostgreSQL), default ``sx_dept_bench`` on 127.0.0.1 (the register of
bench/department_match.py, built here by COPY if missing). The whole request is timed through
Django's test client (token auth, JSON parsing, validation of every record, the upload, the
matching against the register, results, clues, the records kept with history, the COMMIT and the
JSON answer): first a batch of new record ids, then the same batch again (all unchanged). The floor,
in the same run: COPY of the same 10,000 rows (as CSV) into an unlogged table. Goal: answered in
under 5 s. The last line is ``ratio: X.XX`` (new-batch request / floor, best of the runs).
"""

import argparse
import csv
import io
import json
import os
import random
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _database import ensure_database  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_dept_bench")
os.environ.setdefault("MEDIA_ROOT", "/tmp/sx_dept_bench_media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def batch(records: int, members: int, run: int) -> list[dict]:
    from department_match import person_id

    rng = random.Random(run)
    year = "2025"
    out = []
    for n in range(records):
        if rng.random() < 0.9:
            i = rng.randrange(members)
            pid, name = person_id(i), f"成员{i}"
        else:
            pid, name = person_id(n, place="500101"), f"外县{n}"
        amount = rng.uniform(10000, 60000) if rng.random() < 0.03 else rng.uniform(0, 9999)
        out.append(
            {
                "record_id": f"B{run}-{n}",
                "person_id": pid,
                "name": name,
                "year": year,
                "amount": f"{amount:.2f}",
            }
        )
    return out


def floor(records: list[dict]) -> float:
    from django.db import connection, transaction

    text = io.StringIO()
    writer = csv.writer(text)
    for r in records:
        writer.writerow([r["record_id"], r["person_id"], r["name"], r["year"], r["amount"]])
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_push_floor")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_push_floor (record_id text, person_id text, name text, year text, amount text)"
        )
        text.seek(0)
        cursor.cursor.copy_expert("COPY bench_push_floor FROM STDIN WITH (FORMAT csv)", text)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_push_floor")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from department_match import build_register
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from accounts.models import Department, Role, RoleAssignment, User
    from regions.models import Region

    setup_test_environment()  # the test client's host name is allowed
    call_command("migrate", verbosity=0)
    reverse("clues:list")  # a running server has its URLconf loaded
    build_register(args.members)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE clues_departmentrecord, clues_historicaldepartmentrecord, clues_matchresult, clues_clue CASCADE"
        )
    user, created = User.objects.get_or_create(username="bench_yibao")
    if created:
        assignment = RoleAssignment.objects.create(
            user=user, role=Role.DEPARTMENT, department=Department.MEDICAL_INSURANCE
        )
        assignment.regions.set([Region.objects.get(code="500230000000")])
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    fresh, again, floors = [], [], []
    for run in range(1, args.runs + 1):
        records = batch(args.records, args.members, run)
        body = json.dumps({"kind": "medical_costs", "records": records})
        started = time.perf_counter()
        response = client.post("/api/v1/department-records/", body, content_type="application/json")
        fresh.append(time.perf_counter() - started)
        assert response.status_code == 201, response.content[:500]
        report = response.json()
        started = time.perf_counter()
        repeated = client.post("/api/v1/department-records/", body, content_type="application/json")
        again.append(time.perf_counter() - started)
        assert repeated.status_code == 200 and repeated.json()["unchanged"] == args.records
        floors.append(floor(records))
        print(
            f"  run {run}: new batch {fresh[-1]:.2f}s ({report['created']:,} created; {report['counts']}), "
            f"same batch again {again[-1]:.2f}s, floor {floors[-1]:.3f}s"
        )
    print(
        f"{args.records:,} records vs {args.members:,} members: request min {min(fresh):.2f}s / median "
        f"{statistics.median(fresh):.2f}s (goal < 5 s); again (unchanged) min {min(again):.2f}s; "
        f"floor (COPY of the same rows) min {min(floors):.3f}s"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"ratio: {min(fresh) / min(floors):.2f}")


if __name__ == "__main__":
    main()
