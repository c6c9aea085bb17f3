"""Benchmark: the nightly area-alert evaluation (grading.services.alerts) on PostgreSQL.

    BENCH_HOUSEHOLDS=100000 .venv/bin/python bench/area_alerts.py

Builds its own database (``DATABASE_URL``, default ``sx_alerts_bench``; data generated once with
INSERT … SELECT generate_series): 1 city, 10 counties × 30 townships × 28 villages (8,400 villages),
``BENCH_HOUSEHOLDS`` households (default 1,000,000), each graded (5 % red, 10 % orange; every 50th
village all red), one income record each plus a higher earlier one for every 5th household, and new
clues for 2 % of households (every 40th village a 因自然灾害 clue for every household). Times ``alerts_evaluate`` (opens
the alerts, with their households and notifications) and its second run (idempotent: opens nothing),
against the floor: the same GROUP BYs run as bare SQL. Last line: ``ratio`` of the evaluation
(second run: the crossing checks without the inserts) to the floor.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from _database import ensure_database  # noqa: E402

URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_alerts_bench")
if not URL.startswith("postgres"):
    sys.exit("bench/area_alerts.py needs PostgreSQL (DATABASE_URL=postgres://…)")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", 1_000_000))

GENERATE = """
INSERT INTO regions_region (code, name, level, parent_id, path, depth, former_poor_village)
VALUES ('500000000000', '重庆市', 'city', NULL, '500000000000/', 0, false);
INSERT INTO regions_region (code, name, level, parent_id, path, depth, former_poor_village)
SELECT lpad((500100 + c)::text, 6, '0') || '000000', '区县' || c, 'county',
       (SELECT id FROM regions_region WHERE code = '500000000000'),
       '500000000000/' || (500100 + c)::text || '000000/', 1, false
FROM generate_series(1, 10) c;
INSERT INTO regions_region (code, name, level, parent_id, path, depth, former_poor_village)
SELECT left(p.code, 6) || (200 + t)::text || '000', p.name || '乡' || t, 'township', p.id,
       p.path || left(p.code, 6) || (200 + t)::text || '000/', 2, false
FROM regions_region p, generate_series(1, 30) t WHERE p.level = 'county';
INSERT INTO regions_region (code, name, level, parent_id, path, depth, former_poor_village)
SELECT left(p.code, 9) || (200 + v)::text, p.name || '村' || v, 'village', p.id,
       p.path || left(p.code, 9) || (200 + v)::text || '/', 3, false
FROM regions_region p, generate_series(1, 28) v WHERE p.level = 'township';

CREATE TEMP TABLE bench_village AS
SELECT row_number() OVER (ORDER BY code) - 1 AS n, id FROM regions_region WHERE level = 'village';
INSERT INTO households_household
  (number, village_id, group_id, group_name, natural_village, address, phone, head_name, member_count,
   created_at, updated_at)
SELECT 'B' || lpad(i::text, 12, '0'), v.id, NULL, '', '', '', '', '户主' || i, 3, now(), now()
FROM generate_series(0, %(households)s - 1) i
JOIN bench_village v ON v.n = i %% (SELECT count(*) FROM bench_village);

INSERT INTO grading_gridcell (village_id, name) SELECT id, '未分组' FROM bench_village;
INSERT INTO grading_householdgrade
  (household_id, grade, score, reasons, computed_at, cell_id, last_visit, visit_interval, visit_basis,
   next_visit_due, escalated_due)
SELECT h.id,
       CASE WHEN v.n %% 50 = 0 OR h.id %% 20 = 0 THEN 'red' WHEN h.id %% 10 = 1 THEN 'orange'
            WHEN h.id %% 4 = 2 THEN 'yellow' ELSE 'green' END,
       0, '[]', now(), c.id, NULL, 30, '绿色 每 90 天', current_date + (h.id %% 90)::int, NULL
FROM households_household h JOIN bench_village v ON v.id = h.village_id
JOIN grading_gridcell c ON c.village_id = h.village_id;

INSERT INTO households_incomerecord
  (household_id, period, year, period_start, period_end, wage, business, property, transfer,
   business_expense, insurance_claims, compliant_self_paid, members, net_income, per_capita_net, note,
   recorded_by_id, created_at, updated_at)
SELECT h.id, 'year', 2025, date '2025-01-01', date '2025-12-31', x.pc * 3, 0, 0, 0, 0, 0, 0, 3, x.pc * 3, x.pc,
       '', NULL, now(), now()
FROM households_household h, LATERAL (SELECT (3000 + (h.id * 7919) %% 17000)::numeric AS pc) x;
INSERT INTO households_incomerecord
  (household_id, period, year, period_start, period_end, wage, business, property, transfer,
   business_expense, insurance_claims, compliant_self_paid, members, net_income, per_capita_net, note,
   recorded_by_id, created_at, updated_at)
SELECT h.id, 'year', 2024, date '2024-01-01', date '2024-12-31', 60000, 0, 0, 0, 0, 0, 0, 3, 60000, 20000,
       '', NULL, now() - interval '400 days', now() - interval '400 days'
FROM households_household h WHERE h.id %% 5 = 0;

INSERT INTO clues_clue
  (status, source, rule, risk_type, disaster_subtype, household_id, member_id, person_id, evidence,
   dedupe_key, upload_id, application_id, found_on, dispatch_due, verify_due, dispatched_at, decided_at,
   exclusion_reason, case_id, created_by_id, created_at, updated_at)
SELECT 'new', 'department', 'bench',
       CASE WHEN v.n %% 40 = 0 THEN '因自然灾害' ELSE (ARRAY['因病', '因学', '因残', '因意外事故'])[1 + h.id %% 4] END,
       '', h.id, NULL, '', '{}', NULL, NULL, NULL, current_date - (h.id %% 20)::int, current_date + 3, NULL,
       NULL, NULL, '', NULL, NULL, now(), now()
FROM households_household h JOIN bench_village v ON v.id = h.village_id
WHERE h.id %% 50 = 0 OR v.n %% 40 = 0;
"""

# The floor: the same set-wise counts the service makes, as bare SQL (grades per village, new clues
# per village and risk type within 30 days, income drops of 20 % within 30 days per village).
FLOOR = [
    """SELECT h.village_id, count(*), count(*) FILTER (WHERE g.grade IN ('red', 'orange'))
       FROM grading_householdgrade g JOIN households_household h ON h.id = g.household_id
       GROUP BY h.village_id""",
    """SELECT h.village_id, c.risk_type, count(DISTINCT c.household_id)
       FROM clues_clue c JOIN households_household h ON h.id = c.household_id
       WHERE c.found_on BETWEEN current_date - 29 AND current_date GROUP BY 1, 2""",
    """SELECT h.village_id, count(DISTINCT r.household_id)
       FROM households_incomerecord r JOIN households_household h ON h.id = r.household_id
       WHERE r.created_at >= current_date - 29
         AND r.per_capita_net <= 0.8 * (SELECT p.per_capita_net FROM households_incomerecord p
                                        WHERE p.household_id = r.household_id AND p.period_end < r.period_end
                                        ORDER BY p.period_end DESC LIMIT 1)
       GROUP BY 1""",
]


def generate() -> None:
    from django.db import connection

    from households.models import Household

    if Household.objects.exists():
        print(f"data present: {Household.objects.count():,} households")
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"households": HOUSEHOLDS})
        cursor.execute("ANALYZE")
    print(f"generated {HOUSEHOLDS:,} households in {time.perf_counter() - started:.1f}s")


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    ensure_database(URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from grading.models import AreaAlert
    from grading.services.alerts import alerts_evaluate

    call_command("migrate", verbosity=0)
    generate()
    AreaAlert.objects.all().delete()

    def floor() -> None:
        with connection.cursor() as cursor:
            for sql in FLOOR:
                cursor.execute(sql)
                cursor.fetchall()

    floor_s = min(timed(floor) for _ in range(2))
    opened: list = []
    first = timed(lambda: opened.extend(alerts_evaluate()))
    again: list = []
    second = timed(lambda: again.extend(alerts_evaluate()))
    kinds: dict[str, int] = {}
    for alert in opened:
        kinds[alert.kind] = kinds.get(alert.kind, 0) + 1
    print(f"floor (bare SQL, the same GROUP BYs): {floor_s:.2f} s")
    print(f"alerts_evaluate, first run: {first:.2f} s, opened {len(opened)} alerts {kinds}")
    print(f"alerts_evaluate, second run (idempotent): {second:.2f} s, opened {len(again)}")
    print(f"ratio: {second / floor_s:.2f}")


if __name__ == "__main__":
    main()
