"""Household import beside its floor, at 1/10 and full size (issue 19).

    python bench/household_import.py [--rows 100000] [--households 1000] [--no-tenth]

Database: DATABASE_URL, default ``sx_import_bench`` on 127.0.0.1 (created if missing, migrated,
a small demo register of ``--households`` households built once). For each size (rows/10, then
rows) it writes a national-layout member sheet (in a child process: XlsxWriter's memory is not
the import's), then runs each step in a fresh process and prints its wall time and peak RSS:

  floor    openpyxl read-only parse of the file (every cell) + COPY of the same rows, as text,
           into an UNLOGGED table: what reading the file and storing its rows costs at least
  first    the import as the user waits for it: the run stored, the dry run, the confirmation
           and the commit (households and members with their history rows)
  again    the same file once more: the dry run finds every row unchanged, the commit writes nothing

Beside the wall time each step prints its CPU seconds (the process and its database backend), a
figure this shared machine's load moves less than the wall time.

Then the ratio first / floor per size, the scaling factor (per-row cost at full size over per-row
cost at 1/10: 1.00 is linear, below is better) and, last, ``ratio: X.XX`` at full size.
The benchmark's households are deleted before each size and at the end.
"""

import argparse
import datetime
import itertools
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_import_bench")
import _ledgers_setup as setup  # noqa: E402
from _database import ensure_database  # noqa: E402

PREFIX = "9"  # household numbers of this benchmark, apart from the register built by setup


def backend_cpu() -> float:
    """CPU seconds the database backend of this process's connection has used so far (same machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:"))


def write_file(path: str, rows: int) -> None:
    import xlsxwriter

    from households.idnumbers import synthetic_id
    from ledgers.imports.member_rows import HEADERS
    from regions.models import Region

    villages = list(
        Region.objects.filter(level=Region.Level.VILLAGE).values_list("code", "name", "parent__name")
    )
    headers = HEADERS
    # Shared strings, as Excel and WPS save files (constant_memory would write inline strings).
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet()
    ws.write_row(0, 0, headers)
    sizes = (2, 3, 3, 4, 4, 5)
    relations = ("户主", "配偶", "之子", "之女", "之母")
    r, household = 1, 0
    while r <= rows:
        code, village, town = villages[household % len(villages)]
        size = min(sizes[household % len(sizes)], rows - r + 1)
        for k in range(size):
            born = datetime.date(1950, 1, 1) + datetime.timedelta(days=(r // 500) * 30)
            values = {
                "户编号": f"{PREFIX}{code}{household:06d}", "乡镇（街道）": town, "村（社区）": village,
                "村民小组": "一组", "姓名": f"成员{r}", "证件号码": synthetic_id("500101", born, r, k % 2 == 0),
                "与户主关系": relations[k], "民族": "汉族", "文化程度": "初中", "劳动技能": "普通劳动力",
                "务工时间（月）": "6", "健康状况": "健康", "政治面貌": "群众", "基本医疗保险": "城乡居民医保",
                "大病保险": "是", "养老保险": "否", "享受低保": "否", "特困供养": "否",
                "联系电话": "13900001111", "住址": f"{village}一组",
            }  # fmt: skip
            ws.write_row(r, 0, [values.get(h, "") for h in headers])
            r += 1
        household += 1
    book.close()


def clean() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("households_historicalmember", "households_member"):
            cursor.execute(
                f"DELETE FROM {table} WHERE household_id IN "
                "(SELECT id FROM households_household WHERE number LIKE %s)",
                [PREFIX + "%"],
            )
        cursor.execute("DELETE FROM households_historicalhousehold WHERE number LIKE %s", [PREFIX + "%"])
        cursor.execute("DELETE FROM households_household WHERE number LIKE %s", [PREFIX + "%"])


def village_cadre_of_the_county():
    """Only village cadres write the register: a cadre whose village role covers the whole county
    brings in the county-scale file."""
    from accounts.models import Role, RoleAssignment, User

    user, created = User.objects.get_or_create(username="bench_village_cadres")
    if created:
        county = User.objects.get(username="county")
        assignment = RoleAssignment.objects.create(user=user, role=Role.VILLAGE)
        assignment.regions.set([r for a in county.assignments for r in a.regions.all()])
    return user


# -- steps, each in its own process --------------------------------------------------------------


def step_floor(path: str) -> dict:
    """openpyxl read-only parse of every cell + COPY of the same rows into an unlogged table."""
    import io

    import openpyxl
    from django.db import connection

    started = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    width = len(next(rows))
    columns = ", ".join(f"c{i} text" for i in range(width))
    count = 0
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_import_floor")
        cursor.execute(f"CREATE UNLOGGED TABLE bench_import_floor ({columns})")
        while True:  # 5,000 rows a COPY, as the import writes
            buffer = io.StringIO()
            for values in itertools.islice(rows, 5000):
                buffer.write("\t".join("\\N" if v is None else str(v) for v in values) + "\n")
                count += 1
            if not buffer.tell():
                break
            buffer.seek(0)
            cursor.cursor.copy_expert("COPY bench_import_floor FROM STDIN", buffer)
    book.close()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_import_floor")
    return {"seconds": seconds, "rows": count}


def step_import(path: str) -> dict:
    """Store the run, dry run, confirm, commit: what the user waits for from upload to 已导入."""
    from django.core.files import File

    from ledgers.import_services import import_commit, import_queue_commit, import_validate
    from ledgers.models import ImportRun

    user = village_cadre_of_the_county()
    started = time.perf_counter()
    with open(path, "rb") as fh:
        run = ImportRun.objects.create(
            kind="households", file=File(fh, "bench.xlsx"), original_name="bench.xlsx", created_by=user
        )
    run = import_validate(run_id=run.pk)
    dry = time.perf_counter() - started
    if run.status != ImportRun.Status.VALID:
        return {"error": f"{run.status} {run.message} {run.summary.get('preview', [])[:5]}"}
    import_queue_commit(run=run, by=user)  # with eager Celery the commit runs here, on commit
    run.refresh_from_db()
    if run.status == ImportRun.Status.COMMITTING:
        run = import_commit(run_id=run.pk)
    seconds = time.perf_counter() - started
    if run.status != ImportRun.Status.COMMITTED:
        return {"error": f"{run.status} {run.message}"}
    s = run.summary
    return {
        "seconds": seconds,
        "dry": dry,
        "rows": s["rows"],
        "written": f"households +{s['new_households']} ~{s['changed_households']}  members "
        f"+{s['new_members']} ~{s['changed_members']} ={s['unchanged_members']}",
    }


STEPS = {"floor": step_floor, "first": step_import, "again": step_import}


def child(step: str, path: str) -> None:
    setup.setup_django()
    cpu, db_cpu = time.process_time(), backend_cpu()
    result = STEPS[step](path)
    # CPU seconds of this process and of its database backend: a figure the machine's load moves less.
    result["cpu"] = time.process_time() - cpu + backend_cpu() - db_cpu
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


def run_step(step: str, path: str) -> dict:
    out = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--step", step, "--path", path],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    if out.returncode:
        raise SystemExit(f"{step} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if "error" in result:
        raise SystemExit(f"{step}: {result['error']}")
    return result


def measure(rows: int) -> dict:
    from django.db import connections

    clean()
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        started = time.perf_counter()
        connections.close_all()
        writer = multiprocessing.get_context("fork").Process(target=write_file, args=(path, rows))
        writer.start()
        writer.join()
        size = os.path.getsize(path) / 1024 / 1024
        print(f"file: {rows:,} rows, {size:.1f} MB, written in {time.perf_counter() - started:.1f} s")
        results = {}
        for step in ("floor", "first", "again"):
            results[step] = r = run_step(step, path)
            detail = f"(dry run {r['dry']:.1f} s; {r['written']})" if "dry" in r else f"({r['rows']:,} rows)"
            print(
                f"  {step:<6} {r['seconds']:7.2f} s  (CPU {r['cpu']:6.2f} s)  peak RSS {r['peak_mb']:5.0f} MB  {detail}"
            )
        floor = results["floor"]
        print(
            f"  first / floor = {results['first']['seconds'] / floor['seconds']:.2f}"
            f"   again / floor = {results['again']['seconds'] / floor['seconds']:.2f}"
            f"   (CPU: {results['first']['cpu'] / floor['cpu']:.2f} / {results['again']['cpu'] / floor['cpu']:.2f})"
        )
        return results
    finally:
        os.unlink(path)
        clean()


def load_note() -> str:
    with open("/proc/loadavg") as fh:
        return "load average " + " ".join(fh.read().split()[:3]) + f" on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--households", type=int, default=1000, help="register built before the file")
    parser.add_argument("--no-tenth", action="store_true", help="only the full size (no scaling)")
    parser.add_argument("--step", choices=sorted(STEPS))
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.step:
        return child(args.step, args.path)
    ensure_database(os.environ["DATABASE_URL"])
    media = None
    if "MEDIA_ROOT" not in os.environ:  # the stored uploads and plans of the runs, removed after
        media = os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sx_import_bench_media_")
    try:
        run_all(args)
    finally:
        if media:
            shutil.rmtree(media, ignore_errors=True)


def run_all(args) -> None:
    setup.setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    setup.build_register(args.households)
    village_cadre_of_the_county()
    print(load_note())
    sizes = [args.rows] if args.no_tenth else [args.rows // 10, args.rows]
    results = {}
    for rows in sizes:
        results[rows] = measure(rows)
    print(load_note())
    if len(sizes) == 2:
        small, full = (results[n] for n in sizes)
        for step in ("floor", "first", "again"):
            factor = (full[step]["seconds"] / sizes[1]) / (small[step]["seconds"] / sizes[0])
            print(f"scaling {step:<6} per-row cost at {sizes[1]:,} / at {sizes[0]:,} rows = {factor:.2f}")
    full = results[sizes[-1]]
    print(f"ratio: {full['first']['seconds'] / full['floor']['seconds']:.2f}")


if __name__ == "__main__":
    main()
