"""Benchmark: the home dashboard at municipal scale (1,000,000 households) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sx_bench_dashboard .venv/bin/python bench/dashboard.py

Builds its own database (default ``sx_bench_dashboard``; created if missing, data generated once
with INSERT … SELECT generate_series): 1 city, 10 counties × 30 townships × 28 villages (8,400
villages), 1,000,000 households each with an income record (10 % with an older one too),
~59,000 cases in every status with risks and measures. Then it times the nightly snapshot, the
computed-indicator refresh and the home page (full request through the Django test client) for a
city, a county and a township user: cold (empty cache) and warm (cached).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from _database import ensure_database  # noqa: E402

URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_bench_dashboard")
if not URL.startswith("postgres"):
    sys.exit("bench/dashboard.py needs PostgreSQL (DATABASE_URL=postgres://…)")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", 1_000_000))


GENERATE = """
INSERT INTO regions_region (code, name, level, parent_id, path, depth)
VALUES ('500000000000', '重庆市', 'city', NULL, '500000000000/', 0);
INSERT INTO regions_region (code, name, level, parent_id, path, depth)
SELECT lpad((500100 + c)::text, 6, '0') || '000000', '区县' || c, 'county',
       (SELECT id FROM regions_region WHERE code = '500000000000'),
       '500000000000/' || (500100 + c)::text || '000000/', 1
FROM generate_series(1, 10) c;
INSERT INTO regions_region (code, name, level, parent_id, path, depth)
SELECT left(p.code, 6) || (200 + t)::text || '000', p.name || '乡' || t, 'township', p.id,
       p.path || left(p.code, 6) || (200 + t)::text || '000/', 2
FROM regions_region p, generate_series(1, 30) t WHERE p.level = 'county';
INSERT INTO regions_region (code, name, level, parent_id, path, depth)
SELECT left(p.code, 9) || (200 + v)::text, p.name || '村' || v, 'village', p.id,
       p.path || left(p.code, 9) || (200 + v)::text || '/', 3
FROM regions_region p, generate_series(1, 28) v WHERE p.level = 'township';

CREATE TEMP TABLE bench_village AS
SELECT row_number() OVER (ORDER BY code) - 1 AS n, id FROM regions_region WHERE level = 'village';
INSERT INTO households_household
  (number, village_id, group_id, group_name, natural_village, address, phone, head_name, member_count,
   created_at, updated_at)
SELECT 'B' || lpad(i::text, 12, '0'), v.id, NULL, '', '', '', '', '户主' || i, 3, now(), now()
FROM generate_series(0, %(households)s - 1) i
JOIN bench_village v ON v.n = i %% (SELECT count(*) FROM bench_village);

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
SELECT h.id, 'year', 2024, date '2024-01-01', date '2024-12-31', 15000, 0, 0, 0, 0, 0, 0, 3, 15000, 5000,
       '', NULL, now(), now()
FROM households_household h WHERE h.id %% 10 = 0;

INSERT INTO households_monitoringline (year, region_id, amount, basis, effective_date, is_demo, updated_at)
SELECT y, (SELECT id FROM regions_region WHERE code = '500000000000'), 6000 + (y - 2021) * 200, 'bench',
       make_date(y, 1, 1), true, now()
FROM generate_series(2021, 2030) y;

INSERT INTO monitoring_case
  (household_id, village_id, category, channel, status, step, found_on, deadline, enrolled_on,
   elimination_type, eliminated_on, previous_case_id, evidence, created_by_id, created_at, updated_at,
   step_since)
SELECT h.id, h.village_id,
       (ARRAY['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'])[1 + h.id %% 3],
       '干部走访排查',
       s.status, s.step, current_date - (h.id %% 40)::int, current_date - (h.id %% 40)::int + 15,
       NULL, '', NULL, NULL, '', %(user)s, now(), now(), now()
FROM households_household h,
     LATERAL (SELECT CASE h.id %% 10 WHEN 0 THEN 'enrolling' WHEN 1 THEN 'exiting' WHEN 2 THEN 'eliminated'
                                    WHEN 3 THEN 'rejected' ELSE 'monitored' END AS status) s0,
     LATERAL (SELECT s0.status AS status,
                     CASE WHEN s0.status IN ('enrolling', 'exiting') THEN 1 + h.id %% 5 ELSE 0 END AS step) s
WHERE h.id %% 17 = 0;

INSERT INTO monitoring_caserisk (case_id, risk_type, disaster_subtype)
SELECT c.id, (ARRAY['因病', '因学', '因残', '因意外事故', '缺劳动力', '因务工就业不稳'])[1 + c.id %% 6], ''
FROM monitoring_case c;
INSERT INTO monitoring_caserisk (case_id, risk_type, disaster_subtype)
SELECT c.id, '因安全住房', '' FROM monitoring_case c WHERE c.id %% 4 = 0;

INSERT INTO assistance_measurecategory (code, name, parent_id, kind, addresses, is_comprehensive_security, active, "order")
VALUES ('bench-industry', '产业帮扶', NULL, 'development', '[]', false, true, 0);
INSERT INTO assistance_measure
  (case_id, member_id, category_id, content, responsible_unit, amount, funding_source, planned_start,
   planned_end, actual_start, actual_end, status, effect, created_by_id, created_at, updated_at)
SELECT c.id, NULL, (SELECT id FROM assistance_measurecategory WHERE code = 'bench-industry'), '帮扶', '',
       NULL, '', NULL, NULL, NULL, NULL,
       (ARRAY['planned', 'implementing', 'completed', 'completed'])[1 + c.id %% 4], '', %(user)s, now(), now()
FROM monitoring_case c WHERE c.id %% 10 <> 9;
"""


def generate() -> None:
    from django.db import connection

    from accounts.models import User
    from households.models import Household

    if Household.objects.exists():
        print(f"data present: {Household.objects.count():,} households")
        return
    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"households": HOUSEHOLDS, "user": user.pk})
        cursor.execute("ANALYZE")
    print(f"generated {HOUSEHOLDS:,} households in {time.perf_counter() - started:.1f}s")


def users():
    from accounts.models import Role, RoleAssignment, User
    from regions.models import Region

    found = {}
    for name, code in [("city", "500000000000"), ("county", "500101000000"), ("township", "500101201000")]:
        user, created = User.objects.get_or_create(username=f"bench-{name}")
        if created:
            assignment = RoleAssignment.objects.create(user=user, role=Role.VIEWER)
            assignment.regions.set([Region.objects.get(code=code)])
        found[name] = user
    return found


def timed(fn, repeat=1):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    ensure_database(URL)
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    from indicators.dashboard import dashboard_warm
    from indicators.services import computed_refresh, snapshot_refresh
    from monitoring.models import Case

    call_command("migrate", verbosity=0)
    generate()
    print(
        f"cases: {Case.objects.count():,}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    print(f"snapshot_refresh (nightly, below the line per village): {timed(snapshot_refresh) / 1000:.2f} s")
    print(f"computed_refresh (帮扶率 and dropouts for 311 regions): {timed(computed_refresh) / 1000:.2f} s")
    print(f"dashboard_warm (beat, city and 10 counties): {timed(dashboard_warm) / 1000:.2f} s")
    settings.DEBUG = True  # count queries
    for name, user in users().items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        colds = []
        for _ in range(3):
            cache.clear()
            reset_queries()
            colds.append(timed(lambda c=client: c.get("/")))
            queries = len(connection.queries)
        warm = timed(lambda c=client: c.get("/"), repeat=5)
        print(
            f"home dashboard, {name:8}: cold {statistics.median(colds):6.0f} ms ({queries} queries), warm {warm:5.0f} ms"
        )


if __name__ == "__main__":
    main()
