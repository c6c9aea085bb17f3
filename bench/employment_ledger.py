"""就业帮扶台账 export against a raw XlsxWriter floor over the same rows (issue 20: within 1.5×).

    python bench/employment_ledger.py [--households 100000] [--rounds 2]

Builds (once) the shared ledger register (``_ledgers_setup``: households of ~3.6 members, each
monitored, so every member's household is covered) in its own PostgreSQL database
``sx_employment_bench_<households>`` (or ``DATABASE_URL``), then one employment ledger row per member with a
spread of statuses (INSERT … SELECT). Then, in separate processes, A B A B:

  ours   ``ledgers.services.ledger_export`` of the ``employment`` ledger for the county user
  floor  one SQL query with the same joins (township and village names, household, member, the
         record) read through a server-side cursor, each row streamed by ``write_row`` into
         XlsxWriter constant_memory, choice labels mapped in Python, a 序号 column as ours has

Prints both (min and median of the rounds) and, last, ``ratio: X.XX`` (ours / floor, minima).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def _size() -> int:
    for i, arg in enumerate(sys.argv):
        if arg == "--households" and i + 1 < len(sys.argv):
            return int(sys.argv[i + 1])
        if arg.startswith("--households="):
            return int(arg.split("=", 1)[1])
    return 100_000


# One database per size: the shared register builder fills an empty database, it does not grow one.
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/sx_employment_bench_{_size()}")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ledgers_setup as setup  # noqa: E402

FLOOR_SQL = """
SELECT t.name, v.name, h.number, h.head_name, m.name, m.id_number, m.birth_date, m.labour_skill,
       e.status, e.employer, e.year, e.months, e.income, e.followed_on
FROM employment_employmentrecord e
JOIN households_household h ON h.id = e.household_id
JOIN households_member m ON m.id = e.member_id
JOIN regions_region v ON v.id = h.village_id
LEFT JOIN regions_region t ON t.id = v.parent_id
ORDER BY v.code, h.number, e.member_id
"""


def county_user():
    from accounts.models import User

    return User.objects.get(username="county")


def build_records() -> int:
    from django.db import connection

    from employment.models import EmploymentRecord

    if EmploymentRecord.objects.exists():
        return EmploymentRecord.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO employment_employmentrecord
                (member_id, household_id, status, employer, year, months, income, followed_on,
                 created_at, updated_at)
            SELECT id, household_id,
                   (ARRAY['local','out_county','out_city','welfare_post','self_employed','flexible',
                          'unemployed','unknown'])[1 + id % 8],
                   CASE WHEN id % 8 < 6 THEN '浙江宁波某电子厂' ELSE '' END,
                   2026, id % 12, (id % 12) * 3200, DATE '2026-10-15', now(), now()
            FROM households_member
            """
        )
        cursor.execute("ANALYZE employment_employmentrecord")
    return EmploymentRecord.objects.count()


def run_ours(path: str) -> dict:
    from ledgers.registry import LEDGERS, Filters
    from ledgers.services import ledger_export

    started = time.perf_counter()
    log = ledger_export(ledger=LEDGERS["employment"], by=county_user(), filters=Filters(), path=path)
    return {"seconds": time.perf_counter() - started, "rows": log.rows}


def run_floor(path: str) -> dict:
    import xlsxwriter
    from django.db import connection, transaction

    from employment.models import EmploymentStatus
    from households.choices import LabourSkill
    from ledgers.registry import LEDGERS

    skills = {k: str(v) for k, v in LabourSkill.choices}
    statuses = {k: str(v) for k, v in EmploymentStatus.choices}
    headers = ["序号", *(str(c.header) for c in LEDGERS["employment"].columns)]
    started = time.perf_counter()
    book = xlsxwriter.Workbook(path, {"constant_memory": True, "default_date_format": "yyyy-mm-dd"})
    ws = book.add_worksheet("就业帮扶台账")
    ws.write_row(0, 0, ["就业帮扶台账"])
    ws.write_row(1, 0, headers)
    rows = 0
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(FLOOR_SQL)
        while batch := cursor.fetchmany(2000):
            for row in batch:
                rows += 1
                cells = list(row)
                cells[7] = skills.get(cells[7], cells[7])
                cells[8] = statuses.get(cells[8], cells[8])
                ws.write_row(rows + 1, 0, [rows, *cells])
    book.close()
    return {"seconds": time.perf_counter() - started, "rows": rows}


def child(name: str) -> None:
    setup.setup_django()
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        result = (run_ours if name == "ours" else run_floor)(path)
        result["size_mb"] = os.path.getsize(path) / 1024 / 1024
    finally:
        os.unlink(path)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--variant")
    args = parser.parse_args()
    if args.variant:
        return child(args.variant)
    setup.ensure_database()
    setup.setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    setup.build_register(args.households)
    rows = build_records()
    print(f"data ready in {time.perf_counter() - started:.1f}s: {rows} ledger rows")
    times: dict[str, list[float]] = {"ours": [], "floor": []}
    for _ in range(args.rounds):
        for name in ("ours", "floor"):
            out = subprocess.run(
                [
                    sys.executable,
                    os.path.abspath(__file__),
                    "--variant",
                    name,
                    "--households",
                    str(args.households),
                ],
                capture_output=True,
                text=True,
                env=os.environ.copy(),
            )
            if out.returncode:
                print(name, "failed:", out.stderr[-2000:])
                return
            result = json.loads(out.stdout.strip().splitlines()[-1])
            times[name].append(result["seconds"])
            print(f"{name:<6} {result['seconds']:6.2f} s  {result['rows']} rows  {result['size_mb']:.1f} MB")
    for name, values in times.items():
        print(f"{name:<6} min {min(values):.2f} s  median {statistics.median(values):.2f} s")
    print(f"ratio: {min(times['ours']) / min(times['floor']):.2f}")


if __name__ == "__main__":
    main()
