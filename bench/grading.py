"""Benchmark: the nightly risk grading (issue 18) on PostgreSQL, against a bare SQL floor.

    .venv/bin/python bench/grading.py [--households 1000000] [--profile]

Builds its own database (``DATABASE_URL``, else ``sx_gradebench`` for the full size and
``sx_gradebench_<n>`` for another ``--households``; created if missing, data generated once with
INSERT … SELECT generate_series): 1 city, 10 counties × 30 townships × 28 villages, households in
6 村民小组 per village, 2–4 members each (≈3 per household: labour skills, 低保 5 %, 特困 1 %,
disabled 4 % of whom half 一/二级, 2 % removed), yearly income records 2023–2025 (10 % without
2025, per-capita income spread around the line, year-on-year changes of −35 %…+25 %), 1–2 visits
in the last year with a 三保障/饮水 problem on ~4 % of answers, open cases with 1–2 risk types on
6 %, open clues on 3 %, department clues (医保自付 with amounts, 30 % closed, 10 % excluded) on 3 %,
hand-set 三留守/失能老年人 groups on 1 % of members.

Then it times, each end to end with its commit:
1. the first grading (every grade new: the register-derived groups, grades and history written);
2. a day's changes (2 % of income records revised, 1 % new visits) and the nightly
   ``grading.tasks.recompute_grades`` (``grades_recompute()``): the figure the 120 s goal is about.
   It reads every household's inputs (the digest, ``grading.services.digest``) and grades the
   households whose inputs changed (the line printed says how many); after a change of the rules'
   code every household is graded, so the first ``--nightly-only`` run after such a change times
   that night instead;
3. the floor: one SQL statement computing the same score and grade per household (same rules,
   same default weights) into an UNLOGGED table.
It checks that every stored grade and score equals the floor's, prints peak RSS of each run,
and ends with ``ratio: X.XX`` (nightly / floor). Results are kept in /tmp so that a run at another
size prints the scaling factor.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from _database import ensure_database  # noqa: E402

FULL = 1_000_000

GENERATE = """
INSERT INTO regions_region (code, name, level, parent_id, path, depth, former_poor_village)
VALUES ('500000000000', '重庆市', 'city', NULL, '500000000000/', 0, false);
INSERT INTO regions_region (code, name, level, parent_id, path, depth, former_poor_village)
SELECT (500100 + c)::text || '000000', '区县' || c, 'county',
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
SELECT 'G' || lpad(i::text, 12, '0'), v.id, NULL, '第' || (1 + (i * 7) %% 6) || '组', '', '', '', '户主' || i,
       2 + (i * 7919) %% 3, now() - interval '400 days', now()
FROM generate_series(0::bigint, %(households)s - 1) i
JOIN bench_village v ON v.n = i %% (SELECT count(*) FROM bench_village);

INSERT INTO households_member
  (name, id_type, id_number, person_id, sex, birth_date, ethnicity, relationship, education, school_status,
   labour_skill, months_worked, employer, work_place, healthy, chronic_disease, serious_illness, disabled,
   disability_category, disability_grade, political_status, medical_insurance, critical_illness_insurance,
   pension_insurance, dibao, tekun, welfare_post, welfare_post_months, removed_on, removal_reason,
   created_at, updated_at, household_id)
SELECT '成员', '居民身份证', x.pid, x.pid, CASE WHEN k = 1 THEN '女' ELSE '男' END,
       date '1950-01-01' + (x.r %% 25000)::int, '汉族',
       CASE k WHEN 0 THEN '户主' WHEN 1 THEN '配偶' ELSE '之子' END, '初中', '',
       (ARRAY['普通劳动力', '普通劳动力', '技能劳动力', '弱劳动力或半劳动力', '丧失劳动力', '无劳动力',
              '无劳动力'])[1 + x.r %% 7],
       0, '', '', NOT x.disabled, false, false, x.disabled, CASE WHEN x.disabled THEN '肢体' ELSE '' END,
       CASE WHEN x.disabled THEN (ARRAY['一级', '二级', '三级', '四级'])[1 + x.r %% 4] ELSE '' END,
       '群众', '城乡居民医保', false, false, x.r %% 20 = 3, x.r %% 100 = 7, '', 0,
       CASE WHEN x.r %% 50 = 11 AND k > 0 THEN date '2026-03-01' END,
       CASE WHEN x.r %% 50 = 11 AND k > 0 THEN 'deceased' ELSE '' END,
       now(), now(), h.id
FROM households_household h
CROSS JOIN LATERAL generate_series(0, h.member_count - 1) k
CROSS JOIN LATERAL (SELECT lpad((h.id * 4 + k)::text, 18, '0') AS pid,
                           ((h.id * 4 + k) * 2654435761) %% 1000003 AS r) x0
CROSS JOIN LATERAL (SELECT x0.pid, x0.r, x0.r %% 25 = 5 AS disabled) x;

INSERT INTO households_monitoringline (year, region_id, amount, basis, effective_date, is_demo, updated_at)
SELECT y, (SELECT id FROM regions_region WHERE code = '500000000000'), 6000 + (y - 2021) * 400, 'bench',
       make_date(y, 1, 1), true, now()
FROM generate_series(2021, 2030) y;

CREATE TEMP TABLE bench_income AS
SELECT h.id AS household_id, y AS year,
       round((6500 + ((h.id * 48271) %% 1000003) %% 14000) * (1 + (((h.id * 16807 + y * 31) %% 61) - 35) / 100.0)
             * (1 + (y - 2025) * 0.04))::numeric AS pc,
       h.member_count AS members
FROM households_household h, generate_series(2023, 2025) y
WHERE NOT (y = 2025 AND h.id %% 10 = 4);
INSERT INTO households_incomerecord
  (household_id, period, year, period_start, period_end, wage, business, property, transfer,
   business_expense, insurance_claims, compliant_self_paid, members, net_income, per_capita_net, note,
   recorded_by_id, created_at, updated_at)
SELECT household_id, 'year', year, make_date(year, 1, 1), make_date(year, 12, 31), pc * members, 0, 0, 0, 0, 0,
       0, members, pc * members, pc, '', NULL, now(), now()
FROM bench_income;

INSERT INTO households_visit
  (visited_on, kind, food_clothing, education, medical, housing, water, problem_note, income_change, new_risks,
   notes, created_at, updated_at, household_id, visitor_id, education_note, food_clothing_note, housing_note,
   medical_note, water_note)
SELECT current_date - (x.r %% 360)::int, '入户走访',
       CASE WHEN x.r %% 97 = 1 THEN 'problem' ELSE 'secure' END,
       CASE WHEN x.r %% 61 = 2 THEN 'problem' ELSE 'secure' END,
       CASE WHEN x.r %% 23 = 3 THEN 'problem' ELSE 'secure' END,
       CASE WHEN x.r %% 29 = 4 THEN 'problem' ELSE 'secure' END,
       CASE WHEN x.r %% 41 = 5 THEN 'problem' ELSE 'secure' END,
       '', '', '[]', '', now(), now(), h.id, %(user)s, '', '', '', '', ''
FROM households_household h
CROSS JOIN LATERAL generate_series(0, h.id %% 2) v
CROSS JOIN LATERAL (SELECT ((h.id * 3 + v) * 2246822519) %% 1000003 AS r) x;

INSERT INTO monitoring_case
  (household_id, village_id, category, channel, status, step, found_on, deadline, enrolled_on,
   elimination_type, eliminated_on, previous_case_id, evidence, created_by_id, created_at, updated_at, step_since)
SELECT h.id, h.village_id, (ARRAY['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'])[1 + h.id %% 3],
       '干部走访排查', 'monitored', 0, current_date - 90, current_date - 75, current_date - 80, '', NULL, NULL,
       '', %(user)s, now(), now(), now()
FROM households_household h WHERE (h.id * 7) %% 100 < 6;
INSERT INTO monitoring_caserisk (case_id, risk_type, disaster_subtype)
SELECT c.id, (ARRAY['因病', '因学', '因残', '因意外事故', '缺劳动力', '因务工就业不稳'])[1 + c.id %% 6], ''
FROM monitoring_case c;
INSERT INTO monitoring_caserisk (case_id, risk_type, disaster_subtype)
SELECT c.id, '因自然灾害', '因洪涝' FROM monitoring_case c WHERE c.id %% 3 = 0;

INSERT INTO clues_clue
  (status, source, rule, risk_type, disaster_subtype, person_id, evidence, dedupe_key, found_on, dispatch_due,
   verify_due, dispatched_at, decided_at, exclusion_reason, created_at, updated_at, case_id, created_by_id,
   household_id, member_id, upload_id, application_id)
SELECT (ARRAY['new', 'dispatched', 'verifying'])[1 + h.id %% 3], 'visit', 'visit',
       (ARRAY['因病', '因学', '因意外事故', '因务工就业不稳'])[1 + h.id %% 4], '', '', '{}', NULL,
       current_date - (h.id %% 30)::int, current_date - (h.id %% 30)::int + 3, NULL, NULL, NULL, '', now(), now(),
       NULL, NULL, h.id, NULL, NULL, NULL
FROM households_household h WHERE (h.id * 13) %% 100 < 3;
INSERT INTO clues_clue
  (status, source, rule, risk_type, disaster_subtype, person_id, evidence, dedupe_key, found_on, dispatch_due,
   verify_due, dispatched_at, decided_at, exclusion_reason, created_at, updated_at, case_id, created_by_id,
   household_id, member_id, upload_id, application_id)
SELECT CASE WHEN x.r %% 10 = 0 THEN 'excluded' WHEN x.r %% 10 < 4 THEN 'verifying' ELSE 'new' END,
       'department', x.rule, CASE WHEN x.rule = 'medical_self_paid' THEN '因病' ELSE '因安全住房' END, '', '',
       CASE WHEN x.rule = 'medical_self_paid'
            THEN jsonb_build_object('amount', (3000 + x.r %% 40000)::text) ELSE '{}'::jsonb END,
       NULL, current_date - (x.r %% 500)::int, current_date - (x.r %% 500)::int + 3, NULL, NULL, NULL,
       CASE WHEN x.r %% 10 = 0 THEN '核实不符' ELSE '' END, now(), now(), NULL, NULL, h.id, NULL, NULL, NULL
FROM households_household h
CROSS JOIN LATERAL (SELECT (h.id * 40503) %% 1000003 AS r,
                           CASE WHEN h.id %% 5 = 0 THEN 'housing_unsafe' ELSE 'medical_self_paid' END AS rule) x
WHERE (h.id * 17) %% 100 < 3;

INSERT INTO grading_membergroup (member_id, kind, start, "end", source)
SELECT m.id, (ARRAY['left_behind_child', 'left_behind_woman', 'left_behind_elderly', 'disabled_elderly'])[1 + m.id %% 4],
       date '2026-01-01', CASE WHEN m.id %% 9 = 0 THEN date '2026-06-30' END, 'manual'
FROM households_member m WHERE (m.id * 11) %% 100 = 1;
"""

# One day's changes before the nightly run: revised income records and new visits.
A_DAY = """
UPDATE households_incomerecord SET per_capita_net = round(per_capita_net * 0.75), updated_at = now()
WHERE year = 2025 AND household_id %% 50 = 0;
INSERT INTO households_visit
  (visited_on, kind, food_clothing, education, medical, housing, water, problem_note, income_change, new_risks,
   notes, created_at, updated_at, household_id, visitor_id, education_note, food_clothing_note, housing_note,
   medical_note, water_note)
SELECT current_date, '入户走访', 'secure', 'secure', CASE WHEN h.id %% 3 = 0 THEN 'problem' ELSE 'secure' END,
       'secure', 'secure', '', '', '[]', '', now(), now(), h.id, %(user)s, '', '', '', '', ''
FROM households_household h WHERE h.id %% 100 = 1;
"""

# The floor: the same rules and default weights, set-wise, into an unlogged table. The bench's lines
# are the city's, so the line of a record is the one of its year (grading looks up the nearest
# ancestor; here there is one level).
FLOOR = """
DROP TABLE IF EXISTS bench_floor_grade;
CREATE UNLOGGED TABLE bench_floor_grade AS
WITH recs AS (
    SELECT household_id, period_start, period_end, per_capita_net FROM households_incomerecord
    WHERE period_end > %(since)s AND period_end <= %(on)s
), latest AS (
    SELECT DISTINCT ON (household_id) household_id, period_start, period_end, per_capita_net
    FROM recs ORDER BY household_id, period_end DESC
), income AS (
    SELECT l.household_id, l.per_capita_net AS pc, ml.amount AS line, prev.per_capita_net AS before
    FROM latest l
    LEFT JOIN households_monitoringline ml ON ml.year = extract(year FROM l.period_end)::int
    LEFT JOIN LATERAL (
        SELECT r.per_capita_net FROM households_incomerecord r
        WHERE r.household_id = l.household_id AND r.period_end > %(since)s AND r.period_end <= l.period_start
          AND r.period_end > l.period_start - interval '%(window)s months'
        ORDER BY r.period_end DESC LIMIT 1) prev ON true
    WHERE l.period_end > %(on)s::date - interval '%(window)s months'
), risks AS (
    SELECT c.household_id, count(DISTINCT cr.risk_type) AS n
    FROM monitoring_case c JOIN monitoring_caserisk cr ON cr.case_id = c.id
    WHERE c.status IN ('enrolling', 'monitored', 'exiting') GROUP BY c.household_id
), clues AS (
    SELECT household_id,
           count(*) FILTER (WHERE status IN ('new', 'dispatched', 'verifying')) AS open,
           count(DISTINCT (rule, nullif(evidence->>'amount', '')::numeric))
               FILTER (WHERE source = 'department' AND found_on > %(year_ago)s AND status <> 'excluded') AS dept
    FROM clues_clue
    WHERE status IN ('new', 'dispatched', 'verifying')
       OR (source = 'department' AND found_on > %(year_ago)s AND status <> 'excluded')
    GROUP BY household_id
), visit AS (
    SELECT DISTINCT ON (household_id) household_id,
           (food_clothing = 'problem')::int + (education = 'problem')::int + (medical = 'problem')::int
           + (housing = 'problem')::int + (water = 'problem')::int AS problems
    FROM households_visit ORDER BY household_id, visited_on DESC, id DESC
), members AS (
    SELECT household_id, count(*) AS n,
           count(*) FILTER (WHERE labour_skill IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')) AS able
    FROM households_member WHERE removed_on IS NULL GROUP BY household_id
), kinds AS (
    SELECT m.household_id, 'dibao' AS kind FROM households_member m WHERE m.removed_on IS NULL AND m.dibao
    UNION SELECT m.household_id, 'tekun' FROM households_member m WHERE m.removed_on IS NULL AND m.tekun
    UNION SELECT m.household_id, 'severe_disability' FROM households_member m
          WHERE m.removed_on IS NULL AND m.disabled AND m.disability_grade IN ('一级', '二级')
    UNION SELECT m.household_id, g.kind FROM grading_membergroup g JOIN households_member m ON m.id = g.member_id
          WHERE m.removed_on IS NULL AND g.start <= %(on)s AND (g."end" IS NULL OR g."end" > %(on)s)
), groups AS (
    SELECT household_id, count(*) AS n FROM kinds GROUP BY household_id
), points AS (
    SELECT h.id AS household_id, least(999,
        CASE WHEN i.household_id IS NULL THEN %(w_no_income)s
             WHEN i.line IS NULL THEN 0
             WHEN i.pc < i.line THEN %(w_below_line)s
             WHEN (i.pc - i.line) / i.line < %(margin)s THEN %(w_near_line)s ELSE 0 END
        + CASE WHEN i.before > 0 AND (i.before - i.pc) / i.before >= %(drop)s THEN %(w_drop)s ELSE 0 END
        + coalesce(r.n, 0) * %(w_case)s
        + coalesce(cl.open, 0) * %(w_clue)s
        + coalesce(cl.dept, 0) * %(w_department)s
        + coalesce(v.problems, 0) * %(w_visit)s
        + CASE WHEN m.n > 0 AND m.able::numeric / m.n < %(labour_share)s THEN %(w_labour)s ELSE 0 END
        + coalesce(g.n, 0) * %(w_group)s) AS score
    FROM households_household h
    LEFT JOIN income i ON i.household_id = h.id
    LEFT JOIN risks r ON r.household_id = h.id
    LEFT JOIN clues cl ON cl.household_id = h.id
    LEFT JOIN visit v ON v.household_id = h.id
    LEFT JOIN members m ON m.household_id = h.id
    LEFT JOIN groups g ON g.household_id = h.id
)
SELECT household_id, score,
       CASE WHEN score >= %(red)s THEN 'red' WHEN score >= %(orange)s THEN 'orange'
            WHEN score >= %(yellow)s THEN 'yellow' ELSE 'green' END AS grade
FROM points;
"""

CHECK = """
SELECT count(*), count(*) FILTER (WHERE g.household_id IS NULL OR g.grade <> f.grade OR g.score <> f.score)
FROM bench_floor_grade f LEFT JOIN grading_householdgrade g ON g.household_id = f.household_id
"""


def reset_peak() -> None:
    """Start a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def generate(households: int) -> None:
    from django.db import connection

    from accounts.models import User
    from households.models import Household

    if Household.objects.exists():
        print(f"data present: {Household.objects.count():,} households")
        return
    user, _ = User.objects.get_or_create(username="bench-grading", defaults={"is_superuser": True})
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"households": households, "user": user.pk})
        cursor.execute("ANALYZE")
    print(f"generated {households:,} households in {time.perf_counter() - started:.1f}s")


def counts() -> str:
    from django.db import connection

    tables = [
        "households_household",
        "households_member",
        "households_incomerecord",
        "households_visit",
        "monitoring_caserisk",
        "clues_clue",
        "grading_membergroup",
    ]
    with connection.cursor() as cursor:
        found = []
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            found.append(f"{table.split('_', 1)[1]} {cursor.fetchone()[0]:,}")
    return ", ".join(found)


def reset_grading() -> None:
    """Back to "never graded": no grades, no history, no register-derived groups."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE grading_householdgrade, grading_historicalhouseholdgrade CASCADE")
        cursor.execute("DELETE FROM grading_membergroup WHERE source = 'register'")
        cursor.execute("DELETE FROM grading_gridcell_cadres")
        cursor.execute("DELETE FROM grading_gridcell")
        cursor.execute("VACUUM ANALYZE")


def timed_recompute(label: str, profile: bool) -> tuple[float, float]:
    from grading.tasks import recompute_grades

    reset_peak()
    started = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        graded = profiler.runcall(recompute_grades)
        elapsed = time.perf_counter() - started
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        graded = recompute_grades()
        elapsed = time.perf_counter() - started
    peak = peak_mb()
    print(f"{label:<44} {elapsed:8.1f} s  ({graded:,} graded, peak RSS {peak:.0f} MB)")
    return elapsed, peak


def floor(on) -> float:
    from dateutil.relativedelta import relativedelta
    from django.db import connection, transaction

    from common.policies import POLICIES

    p = {key: policy.default for key, policy in POLICIES.items()}
    window = int(p["income_window_months"])
    params = {
        "on": on,
        "since": on - relativedelta(months=3 * window),
        "year_ago": on - __import__("datetime").timedelta(days=365),
        "window": window,
        "w_no_income": int(p["grade_w_no_income"]),
        "w_below_line": int(p["grade_w_below_line"]),
        "w_near_line": int(p["grade_w_near_line"]),
        "margin": p["grade_income_margin"],
        "drop": p["grade_income_drop"],
        "w_drop": int(p["grade_w_income_drop"]),
        "w_case": int(p["grade_w_case_risk"]),
        "w_clue": int(p["grade_w_open_clue"]),
        "w_department": int(p["grade_w_department"]),
        "w_visit": int(p["grade_w_visit_problem"]),
        "labour_share": p["grade_labour_share"],
        "w_labour": int(p["grade_w_labour"]),
        "w_group": int(p["grade_w_special_group"]),
        "red": int(p["grade_red_score"]),
        "orange": int(p["grade_orange_score"]),
        "yellow": int(p["grade_yellow_score"]),
    }
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(FLOOR, params)
    elapsed = time.perf_counter() - started
    print(f"{'floor: one SQL statement, score + grade':<44} {elapsed:8.1f} s")
    return elapsed


def agreement() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(CHECK)
        total, different = cursor.fetchone()
        cursor.execute("SELECT grade, count(*) FROM grading_householdgrade GROUP BY grade ORDER BY grade")
        spread = ", ".join(f"{g} {n:,}" for g, n in cursor.fetchall())
    print(f"stored grades equal to the floor's: {total - different:,} of {total:,} ({spread})")
    if different:
        sys.exit(f"{different} grades differ from the floor")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=FULL)
    parser.add_argument("--profile", action="store_true", help="cProfile the nightly run")
    parser.add_argument(
        "--nightly-only", action="store_true", help="keep the grades of the last run: skip the first grading"
    )
    args = parser.parse_args()
    name = "sx_gradebench" if args.households == FULL else f"sx_gradebench_{args.households // 1000}k"
    url = os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
    if not url.startswith("postgres"):
        sys.exit("bench/grading.py needs PostgreSQL (DATABASE_URL=postgres://…)")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User

    call_command("migrate", verbosity=0)
    generate(args.households)
    print(counts())
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    first = 0.0
    if not args.nightly_only:
        reset_grading()
        first, _peak = timed_recompute("first grading (every grade new)", False)
    user = User.objects.get(username="bench-grading")
    with connection.cursor() as cursor:
        cursor.execute(A_DAY, {"user": user.pk})
        cursor.execute("ANALYZE")
    history_before = history_rows()
    nightly, _peak = timed_recompute("nightly grading after a day's changes", args.profile)
    print(
        f"grades written by the nightly run: {history_rows() - history_before:,} history rows (grade changes)"
    )
    base = floor(timezone.localdate())
    agreement()
    if first:
        print(f"first grading / floor: {first / base:.2f}")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    results = Path(f"/tmp/sx_gradebench_{args.households}.json")
    if results.exists() and not first:
        first = json.loads(results.read_text())["first"]  # the last full run's
    results.write_text(json.dumps({"nightly": nightly, "first": first, "floor": base}))
    for other in sorted(Path("/tmp").glob("sx_gradebench_*.json")):
        n = int(other.stem.rsplit("_", 1)[1])
        if n != args.households:
            was = json.loads(other.read_text())
            print(
                f"scaling from {n:,} to {args.households:,} households (×{args.households / n:g}): "
                f"nightly ×{nightly / was['nightly']:.1f}, first ×{first / (was['first'] or first):.1f}, "
                f"floor ×{base / was['floor']:.1f}"
            )
    print(f"ratio: {nightly / base:.2f}")


def history_rows() -> int:
    from grading.models import HouseholdGrade

    return HouseholdGrade.history.count()


if __name__ == "__main__":
    main()
