"""Benchmark: match a 1,000,000-row department file against a 3,000,000-member register (SPEC 10).

Run from the repository root:  python bench/department_match.py [--rows 1000000] [--members 3000000]

It works in its own PostgreSQL database (``sx_bench_clues``, created and migrated if missing; base
URL from BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432), builds the register once by
COPY, writes a 合规自付医疗费用 file (90 % in the register, 2 % of those with another spelling of
the name, 10 % unknown, about 3 % above the threshold), then times separately:

  parse   streaming validation of every row (parse_id, year, amount) into the staging CSV
  load    COPY of the clean rows into the UNLOGGED staging table
  match   the one join against households_member + result/correction inserts
  clues   the clue INSERT … SELECT … ON CONFLICT DO NOTHING
  copy    a plain COPY of the same department file into an unlogged table: the floor

and prints match time / plain COPY time, plus peak RSS (memory must stay flat: parsing streams).
"""

import argparse
import csv
import datetime
import os
import random
import resource
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from _database import ensure_database  # noqa: E402

BASE_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "sx_bench_clues"
os.environ["DATABASE_URL"] = f"{BASE_URL}/{DB_NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
BORN_FROM = datetime.date(1940, 1, 1)


def person_id(i: int, place: str = "500230") -> str:
    """The i-th synthetic ID: unique per (birth day, 3-digit order); check digit per GB 11643."""
    born = BORN_FROM + datetime.timedelta(days=(i // 1000) * 7)
    body = f"{place}{born:%Y%m%d}{i % 1000:03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


class LineStream:
    """A file-like object over a generator of text lines, for copy_expert without a temp file."""

    def __init__(self, lines):
        self.lines, self.buffer = lines, ""

    def read(self, size=-1):
        while size < 0 or len(self.buffer) < size:
            try:
                self.buffer += next(self.lines)
            except StopIteration:
                break
        if size < 0:
            size = len(self.buffer)
        chunk, self.buffer = self.buffer[:size], self.buffer[size:]
        return chunk

    readline = read


def build_register(members: int) -> None:
    from django.db import connection

    from regions.models import Region

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM households_member")
        if cursor.fetchone()[0] == members:
            print(f"register: {members:,} members already there")
            return
        cursor.execute(
            "TRUNCATE clues_matchresult, clues_clue, households_member, households_household CASCADE"
        )
    county, _ = Region.objects.get_or_create(
        code="500230000000", defaults={"name": "丰都县", "level": "county"}
    )
    township, _ = Region.objects.get_or_create(
        code="500230201000", defaults={"name": "栗子乡", "level": "township", "parent": county}
    )
    village, _ = Region.objects.get_or_create(
        code="500230201201", defaults={"name": "建龙村", "level": "village", "parent": township}
    )
    households = members // 3
    now = "2026-01-01 00:00:00+00"
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            "COPY households_household (id, number, group_name, natural_village, address, phone, head_name, "
            "member_count, created_at, updated_at, village_id) FROM STDIN",
            LineStream(
                f"{h + 1}\t5002309{h:09d}\t\t\t\t\t户主{h}\t3\t{now}\t{now}\t{village.pk}\n"
                for h in range(households)
            ),
        )
        relationships = ("户主", "配偶", "之子")

        def member_lines():
            for i in range(members):
                pid = person_id(i)
                born = f"{pid[6:10]}-{pid[10:12]}-{pid[12:14]}"
                sex = "男" if int(pid[16]) % 2 else "女"
                yield (
                    f"{i + 1}\t成员{i}\t居民身份证\t{pid}\t{pid}\t{sex}\t{born}\t汉族\t{relationships[i % 3]}\t初中\t\t"
                    f"普通劳动力\t0\t\t\tt\tf\tf\tf\t\t\t群众\t城乡居民医保\tf\tf\tf\tf\t\t0\t\t{now}\t{now}\t{i // 3 + 1}\n"
                )

        cursor.cursor.copy_expert(
            "COPY households_member (id, name, id_type, id_number, person_id, sex, birth_date, ethnicity, relationship, "
            "education, school_status, labour_skill, months_worked, employer, work_place, healthy, chronic_disease, "
            "serious_illness, disabled, disability_category, disability_grade, political_status, medical_insurance, "
            "critical_illness_insurance, pension_insurance, dibao, tekun, welfare_post, welfare_post_months, "
            "removal_reason, created_at, updated_at, household_id) FROM STDIN",
            LineStream(member_lines()),
        )
        for table in ("households_household", "households_member"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE households_household")
        cursor.execute("ANALYZE households_member")
    print(
        f"register: {households:,} households, {members:,} members built in {time.perf_counter() - started:.1f}s"
    )


def write_department_file(path: str, rows: int, members: int) -> None:
    rng = random.Random(2026)
    year = str(datetime.date.today().year - 1)
    known = rng.sample(range(members), int(rows * 0.9))
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["身份证号", "姓名", "年度", "合规自付医疗费用（元）"])
        for n in range(rows):
            if n < len(known):
                i = known[n]
                pid, name = person_id(i), f"成员{i}" if rng.random() > 0.02 else f"成员{i}甲"
            else:
                pid, name = person_id(n, place="500101"), f"外县{n}"
            amount = rng.uniform(10000, 60000) if rng.random() < 0.03 else rng.uniform(0, 9999)
            writer.writerow([pid, name, year, f"{amount:.2f}"])


def plain_copy(path: str) -> float:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_copy")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_plain_copy (person_id text, name text, year text, amount text)"
        )
        started = time.perf_counter()
        with open(path, encoding="utf-8") as source:
            cursor.cursor.copy_expert(
                "COPY bench_plain_copy FROM STDIN WITH (FORMAT csv, HEADER true)", source
            )
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_plain_copy")
    return elapsed


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=3_000_000)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from accounts.models import User
    from clues.datasets import KINDS
    from clues.matching import match_staged
    from clues.models import DepartmentUpload
    from clues.parsing import sniff, validate_rows
    from regions.models import Region

    call_command("migrate", verbosity=0)
    build_register(args.members)
    path = f"/tmp/{DB_NAME}_medical_costs_{args.rows}_{args.members}.csv"
    if not os.path.exists(path):
        write_department_file(path, args.rows, args.members)
    print(f"department file: {args.rows:,} rows, {os.path.getsize(path) / 1e6:.1f} MB; RSS {rss_mb():.0f} MB")

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE clues_matchresult, clues_clue CASCADE")
    user, _ = User.objects.get_or_create(username="bench", defaults={"is_superuser": True})
    kind = KINDS["medical_costs"]
    upload = DepartmentUpload.objects.create(
        kind=kind.code,
        department=kind.department,
        region=Region.objects.get(code="500230000000"),
        uploaded_by=user,
        file="bench.csv",
        original_name="bench.csv",
        file_format="csv",
        sha256="-",
    )

    started = time.perf_counter()
    with open(path, "rb") as source:
        parsed = validate_rows(source, kind, sniff(source, kind))
    parse = time.perf_counter() - started
    print(
        f"parse:  {parse:6.1f}s  ({parsed.rows:,} rows, {parsed.error_count} errors; RSS {rss_mb():.0f} MB)"
    )

    with transaction.atomic():
        outcome = match_staged(upload, kind, parsed.staging_path)
    os.unlink(parsed.staging_path)
    timings = outcome["timings"]
    matching = timings["load"] + timings["match"] + timings["clues"]
    copy = plain_copy(path)
    print(f"load:   {timings['load']:6.1f}s  (COPY into the UNLOGGED staging table)")
    print(f"match:  {timings['match']:6.1f}s  (join {args.members:,} members, results, corrections)")
    print(f"clues:  {timings['clues']:6.1f}s  ({outcome['new_clues']:,} new clues)")
    print(f"matching total (load + match + clues): {matching:.1f}s  — target < 60 s")
    print(f"plain COPY of the same file: {copy:.2f}s  → ratio matching / COPY = {matching / copy:.1f}×")
    print(f"peak RSS: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
