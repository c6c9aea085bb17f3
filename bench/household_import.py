"""Household import at scale: 100,000 member rows (~30,000 households) into PostgreSQL.

    python bench/household_import.py [--rows 100000]

Uses the benchmark database sx_bench_ledgers (built by bench/ledger_export.py, or here). Writes a
national-layout xlsx, then times through the import services: the dry run, the commit (which
validates again inside its transaction) and a second import of the same file (idempotency: it
must find nothing to change). Its rows are deleted before and after.
"""

import argparse
import datetime
import multiprocessing
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ledgers_setup as setup  # noqa: E402

PREFIX = "9"  # household numbers of this benchmark, kept apart from the export benchmark's


def peak_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:"))


def reset_peak() -> None:
    """Start the peak RSS afresh (Linux: writing 5 to clear_refs resets VmHWM)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


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
        for table, column in (
            ("households_historicalmember", "household_id"),
            ("households_member", "household_id"),
        ):
            cursor.execute(
                f"DELETE FROM {table} WHERE {column} IN "
                "(SELECT id FROM households_household WHERE number LIKE %s)",
                [PREFIX + "%"],
            )
        cursor.execute("DELETE FROM households_historicalhousehold WHERE number LIKE %s", [PREFIX + "%"])
        cursor.execute("DELETE FROM households_household WHERE number LIKE %s", [PREFIX + "%"])


def timed_run(path: str, user, label: str):
    from django.core.files import File

    from ledgers.import_services import import_commit, import_queue_commit, import_validate
    from ledgers.models import ImportRun

    with open(path, "rb") as fh:
        run = ImportRun.objects.create(
            kind="households", file=File(fh, "bench.xlsx"), original_name="bench.xlsx", created_by=user
        )
    reset_peak()
    started = time.perf_counter()
    run = import_validate(run_id=run.pk)
    dry = time.perf_counter() - started
    print(
        f"{label}: dry run {dry:6.1f} s  peak RSS {peak_mb():4.0f} MB  status={run.status} errors={run.error_count} {run.summary.get('new_members')} new"
    )
    if run.status != ImportRun.Status.VALID:
        print(run.message, run.summary.get("preview", [])[:5])
        return
    import_queue_commit(run=run, by=user)
    reset_peak()
    started = time.perf_counter()
    run = import_commit(run_id=run.pk)
    commit = time.perf_counter() - started
    s = run.summary
    print(f"{label}: commit  {commit:6.1f} s  peak RSS {peak_mb():4.0f} MB  status={run.status} households +{s['new_households']} "
          f"~{s['changed_households']}  members +{s['new_members']} ~{s['changed_members']} ={s['unchanged_members']}")  # fmt: skip
    print(f"{label}: dry run + commit {dry + commit:6.1f} s")


def village_cadre_of_the_county(county_user):
    """The import writes the register as the services do, for village cadres only (issue 14): a
    cadre whose village role covers the whole county brings in the county-scale file."""
    from accounts.models import Role, RoleAssignment, User

    user, created = User.objects.get_or_create(username="bench_village_cadres")
    if created:
        assignment = RoleAssignment.objects.create(user=user, role=Role.VILLAGE)
        assignment.regions.set([r for a in county_user.assignments for r in a.regions.all()])
    return user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    setup.ensure_database()
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="sx_bench_media_"))
    setup.setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    setup.build_register(int(os.environ.get("BENCH_HOUSEHOLDS", "1000")))
    from django.db import connections

    from accounts.models import User

    clean()
    user = village_cadre_of_the_county(User.objects.get(username="county"))
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        started = time.perf_counter()
        # In a child process: XlsxWriter holds the whole sheet, which is not the import's memory.
        connections.close_all()
        writer = multiprocessing.get_context("fork").Process(target=write_file, args=(path, args.rows))
        writer.start()
        writer.join()
        print(
            f"file: {args.rows} rows, {os.path.getsize(path) / 1024 / 1024:.1f} MB, written in {time.perf_counter() - started:.1f} s"
        )
        timed_run(path, user, "first import")
        timed_run(path, user, "same file again")
    finally:
        os.unlink(path)
        clean()  # leave the export benchmark's data as it was


if __name__ == "__main__":
    main()
