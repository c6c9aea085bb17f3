"""Benchmark: a 1,000,000-row department file against a 3,000,000-member register, end to end (issue 19).

Run from the repository root:

    python bench/department_match.py [--rows 1000000] [--members 3000000] [--runs 2] [--scaling]

Database: DATABASE_URL (PostgreSQL), default a database ``sx_dept_bench`` on 127.0.0.1 (created
and migrated if missing). The register is built by COPY once and kept; the file is a 合规自付医疗费用
CSV (90 % in the register, 2 % of those with another spelling of the name, 10 % unknown, about 3 %
above the threshold). The file is put in the upload storage untimed (the department already sent
it), then the WHOLE pipeline is timed, as the worker runs it: ``clues.uploads.upload_process`` —
sniff, parse and validate every row, stage, match, results, clues, counts and the COMMIT.

The floor, measured in the same run on the same file: COPY into an UNLOGGED table + one LEFT JOIN
on the indexed person_id into a second table, committed. Printed side by side; the last line is
``ratio: X.XX`` (pipeline / floor, best of the runs at the full size). ``--scaling`` also runs a
file of a tenth of the rows against the same register and prints how the cost grows (10× rows
should cost ≤ ~10×). Peak RSS is the process's high-water mark during the pipeline (reset before).
"""

import argparse
import csv
import datetime
import os
import random
import shutil
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from _database import ensure_database  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_dept_bench")
os.environ.setdefault("MEDIA_ROOT", "/tmp/sx_dept_bench_media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
DB_NAME = os.environ["DATABASE_URL"].rsplit("/", 1)[-1]

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


def floor(path: str) -> float:
    """COPY of the same file into an unlogged table + one join on the indexed ID, committed."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor_copy")
        cursor.execute("DROP TABLE IF EXISTS bench_floor_join")
    settle()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_floor_copy (person_id text, name text, year text, amount text)"
        )
        with open(path, "rb") as source:
            cursor.cursor.copy_expert(
                "COPY bench_floor_copy FROM STDIN WITH (FORMAT csv, HEADER true)", source
            )
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_floor_join AS SELECT f.*, m.id AS member_id, m.household_id "
            "FROM bench_floor_copy f LEFT JOIN households_member m ON m.person_id = f.person_id"
        )
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor_copy")
        cursor.execute("DROP TABLE bench_floor_join")
    return elapsed


def settle() -> None:
    """Untimed, before each measured part: the same starting state for pipeline and floor — no
    autovacuum worker still busy with the last part's rows, and its dirty pages written out (a
    CHECKPOINT), so that neither part pays for the other's background writes."""
    from django.db import connection

    with connection.cursor() as cursor:
        for _ in range(60):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' "
                "AND datname = current_database()"
            )
            if not cursor.fetchone()[0]:
                break
            time.sleep(0.5)
        cursor.execute("CHECKPOINT")


def peak_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:"))


def reset_peak() -> None:
    """Start the peak RSS afresh (Linux: writing 5 to clear_refs resets VmHWM)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def pipeline(path: str, user, region) -> tuple[float, float, dict]:
    """The worker's whole run on a stored upload of ``path``: seconds, peak RSS (MB), counts."""
    from django.conf import settings
    from django.db import connection

    from clues.datasets import KINDS
    from clues.models import DepartmentUpload
    from clues.uploads import upload_process

    with connection.cursor() as cursor:  # every run raises its clues afresh
        cursor.execute("TRUNCATE clues_matchresult, clues_clue CASCADE")
    kind = KINDS["medical_costs"]
    name = f"department_uploads/bench/{os.path.basename(path)}"
    stored = os.path.join(settings.MEDIA_ROOT, name)
    if not os.path.exists(stored):
        os.makedirs(os.path.dirname(stored), exist_ok=True)
        shutil.copy(path, stored)
    upload = DepartmentUpload.objects.create(
        kind=kind.code,
        department=kind.department,
        region=region,
        uploaded_by=user,
        file=name,
        original_name=os.path.basename(path),
        file_format="csv",
        encoding="utf-8",
        sha256="-",
    )
    settle()
    reset_peak()
    started = time.perf_counter()
    done = upload_process(upload.pk)
    elapsed = time.perf_counter() - started
    assert done.status == DepartmentUpload.Status.DONE, (done.status, done.message)
    return elapsed, peak_mb(), done.counts


def measure(rows: int, members: int, runs: int, user, region) -> tuple[float, float]:
    path = f"/tmp/{DB_NAME}_medical_costs_{rows}_{members}.csv"
    if not os.path.exists(path):
        write_department_file(path, rows, members)
    print(f"department file: {rows:,} rows, {os.path.getsize(path) / 1e6:.1f} MB")
    project, floors = [], []
    for run in range(1, runs + 1):
        seconds, peak, counts = pipeline(path, user, region)
        timings = counts.get("timings", {})
        project.append(seconds)
        floors.append(floor(path))
        print(
            f"  run {run}: pipeline {seconds:6.2f}s (match {timings.get('match', 0):.2f}s, "
            f"clues {timings.get('clues', 0):.2f}s; peak RSS {peak:.0f} MB)  floor {floors[-1]:5.2f}s  "
            f"ratio {seconds / floors[-1]:.2f}  [matched {counts['matched']:,}, unmatched "
            f"{counts['unmatched']:,}, name differs {counts['name_differs']:,}, clues {counts['new_clues']:,}]"
        )
    best, best_floor = min(project), min(floors)
    print(
        f"{rows:,} rows vs {members:,} members: pipeline min {best:.2f}s / median "
        f"{statistics.median(project):.2f}s; floor min {best_floor:.2f}s / median {statistics.median(floors):.2f}s"
    )
    return best, best_floor


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=3_000_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--scaling", action="store_true", help="also run a tenth of the rows first")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from regions.models import Region

    call_command("migrate", verbosity=0)
    from django.urls import reverse

    reverse("clues:list")  # a worker has its URLconf loaded: not part of any run
    build_register(args.members)
    user, _ = User.objects.get_or_create(username="bench", defaults={"is_superuser": True})
    region = Region.objects.get(code="500230000000")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.scaling:
        small, small_floor = measure(args.rows // 10, args.members, args.runs, user, region)
    best, best_floor = measure(args.rows, args.members, args.runs, user, region)
    if args.scaling:
        print(
            f"scaling (10x rows): pipeline x{best / small:.2f}, floor x{best_floor / small_floor:.2f}; "
            f"ratio at 1/10 {small / small_floor:.2f}, at full {best / best_floor:.2f}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"ratio: {best / best_floor:.2f}")


if __name__ == "__main__":
    main()
