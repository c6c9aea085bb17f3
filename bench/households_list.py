"""Household list and search at county scale (issue 3).

Builds a county of 200,000 households / 650,000 members in its own PostgreSQL database with COPY,
then times the list page through Django's test Client (p50/p95 over N requests) for one village
cadre and for the whole-county user, and prints the query count at two page sizes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sx_bench_households \\
        .venv/bin/python bench/households_list.py [--households 200000] [--requests 200]

A second run reuses the generated data (delete the database to rebuild).
"""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from _database import ensure_database  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_bench_households")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = "建国 志强 德明 光荣 国华 永福 明亮 文斌 家兴 大山 秀英 桂英 玉兰 淑芬 春梅 红梅 丽华 小芳 晓燕 美玲".split()


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def generate(total: int, members_total: int) -> None:
    """COPY households, members, one income record each and ~5% 脱贫户 flags; ids assigned here."""
    from django.db import connection

    from households.idnumbers import synthetic_id
    from regions.models import Region

    rng = random.Random(2026)
    villages = list(Region.objects.filter(level="village", code__startswith="500230").order_by("code"))
    focus = next(v for v in villages if v.code == "500230201201")
    now = "2026-01-01 00:00:00+08"
    base = datetime.date(1940, 1, 1)
    extra = members_total - 3 * total  # households with a 4th member
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute(
            "TRUNCATE households_householdflag, households_incomerecord, households_member, households_household "
            "RESTART IDENTITY CASCADE"
        )
        hh_rows, member_rows, income_rows, flag_rows = [], [], [], []
        member_id, person = 0, 0
        per_village: dict[int, int] = {}
        for hid in range(1, total + 1):
            # 建龙村 gets ~600 like every village; the rest spread evenly over the county.
            village = focus if hid % len(villages) == 0 else villages[hid % len(villages)]
            per_village[village.pk] = per_village.get(village.pk, 0) + 1
            size = 4 if hid <= extra else 3
            surname = rng.choice(SURNAMES)
            names = [surname + rng.choice(GIVEN) for _ in range(size)]
            number = f"{village.code}{per_village[village.pk]:04d}"
            hh_rows.append((hid, number, "一组", "", "", "", names[0], size, now, now, village.pk))
            for i in range(size):
                member_id += 1
                person += 1
                born = base + datetime.timedelta(days=person % 30000)
                male = i % 2 == 0
                pid = synthetic_id("500230", born, person // 30000 * 7 + i, male)
                relationship = ("户主", "配偶", "之子", "之女")[i]
                member_rows.append(
                    (
                        member_id,
                        names[i],
                        "居民身份证",
                        pid,
                        pid,
                        "男" if male else "女",
                        born,
                        "汉族",
                        relationship,
                        "初中",
                        "",
                        "普通劳动力",
                        0,
                        "",
                        "",
                        "t",
                        "f",
                        "f",
                        "f",
                        "",
                        "",
                        "群众",
                        "城乡居民医保",
                        "f",
                        "t",
                        "f",
                        "f",
                        "",
                        0,
                        None,
                        "",
                        now,
                        now,
                        hid,
                    )
                )
            per_capita = rng.choice([rng.uniform(3500, 6900)] + [rng.uniform(7000, 25000)] * 19)
            net = round(per_capita * size, 2)
            income_rows.append(
                (
                    hid,
                    "year",
                    2025,
                    "2025-01-01",
                    "2025-12-31",
                    net,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    size,
                    net,
                    round(net / size, 2),
                    "",
                    now,
                    now,
                    hid,
                )
            )
            if rng.random() < 0.05:
                flag_rows.append(
                    (len(flag_rows) + 1, "former_poor", None, None, rng.randint(2014, 2020), "", "", "", hid)
                )
        # Households first without latest_income (the FK needs the income rows), then set it.
        _copy(
            cursor,
            "households_household",
            [
                "id",
                "number",
                "group_name",
                "natural_village",
                "address",
                "phone",
                "head_name",
                "member_count",
                "created_at",
                "updated_at",
                "village_id",
            ],
            hh_rows,
        )
        _copy(
            cursor,
            "households_member",
            [
                "id",
                "name",
                "id_type",
                "id_number",
                "person_id",
                "sex",
                "birth_date",
                "ethnicity",
                "relationship",
                "education",
                "school_status",
                "labour_skill",
                "months_worked",
                "employer",
                "work_place",
                "healthy",
                "chronic_disease",
                "serious_illness",
                "disabled",
                "disability_category",
                "disability_grade",
                "political_status",
                "medical_insurance",
                "critical_illness_insurance",
                "pension_insurance",
                "dibao",
                "tekun",
                "welfare_post",
                "welfare_post_months",
                "removed_on",
                "removal_reason",
                "created_at",
                "updated_at",
                "household_id",
            ],
            member_rows,
        )
        _copy(
            cursor,
            "households_incomerecord",
            [
                "id",
                "period",
                "year",
                "period_start",
                "period_end",
                "wage",
                "business",
                "property",
                "transfer",
                "business_expense",
                "insurance_claims",
                "compliant_self_paid",
                "members",
                "net_income",
                "per_capita_net",
                "note",
                "created_at",
                "updated_at",
                "household_id",
            ],
            income_rows,
        )
        _copy(
            cursor,
            "households_householdflag",
            [
                "id",
                "kind",
                "start_date",
                "end_date",
                "exit_year",
                "relocation_mode",
                "relocation_site",
                "note",
                "household_id",
            ],
            flag_rows,
        )
        cursor.execute("UPDATE households_household SET latest_income_id = id")
        for table in ("household", "member", "incomerecord", "householdflag"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('households_{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM households_{table}))"
            )
        cursor.execute("ANALYZE")


def measure(client, path: str, params: dict, n: int) -> tuple[float, float, float, float]:
    from django.db import connection

    timings, sql, cpu = [], [], []
    for _ in range(n):
        connection.queries_log.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        sql.append(sum(float(q["time"]) for q in connection.queries_log) * 1000)
        assert response.status_code == 200, response.status_code
    timings.sort()
    return (
        statistics.median(timings),
        timings[int(len(timings) * 0.95) - 1],
        statistics.median(sql),
        statistics.median(cpu),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--members", type=int, default=650_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts import demo as accounts_demo
    from accounts.models import User
    from households import demo as households_demo
    from households.models import Household, Member
    from regions import demo as regions_demo

    # The handler clears the query log at each request; keep it so the count below is real.
    request_started.disconnect(reset_queries)
    call_command("migrate", verbosity=0)
    regions_demo.build()
    accounts_demo.build()
    households_demo._lines(households_demo.Region.objects.get(code=households_demo.CITY))
    if Household.objects.count() != args.households:
        started = time.monotonic()
        generate(args.households, args.members)
        print(
            f"generated {Household.objects.count():,} households / {Member.objects.count():,} members "
            f"in {time.monotonic() - started:.0f}s"
        )
    sample = Member.objects.filter(household__village__code="500230201201").order_by("pk")[5]
    scenarios = [
        ("list", {}),
        ("list page 10", {"page": 10}),
        ("search name", {"q": sample.name[:2]}),
        ("search ID prefix", {"q": sample.person_id[:14]}),
        ("search number", {"q": sample.household.number}),
        ("filter 脱贫户", {"flag": "former_poor"}),
        ("filter below line", {"below": "on"}),
        ("filter not monitored", {"monitored": "no"}),
    ]
    # "sql ms": median time in the database per request (Django's query log); "cpu ms": median CPU
    # time of this Python process per request, which a busy shared machine inflates far less.
    print(
        f"{'user':<10} {'scenario':<22} {'p50 ms':>8} {'p95 ms':>8} {'sql ms':>8} {'cpu ms':>8} {'queries':>8}"
    )
    print(f"load average before: {os.getloadavg()}")
    for username in ("village_a", "county"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for label, params in scenarios:
            client.get("/households/", params)  # warm caches
            with CaptureQueriesContext(connection) as queries:
                client.get("/households/", params)
            count = len(queries)  # captured_queries is read lazily: take it before the log moves on
            p50, p95, sql_ms, cpu_ms = measure(client, "/households/", params, args.requests)
            print(f"{username:<10} {label:<22} {p50:8.1f} {p95:8.1f} {sql_ms:8.1f} {cpu_ms:8.1f} {count:8d}")
    client = Client()
    client.force_login(User.objects.get(username="county"))
    counts = []
    for size in (25, 100):
        settings.PAGE_SIZE = size
        with CaptureQueriesContext(connection) as queries:
            client.get("/households/")
        counts.append(len(queries))
    print(f"queries at page size 25: {counts[0]}, at 100: {counts[1]}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
