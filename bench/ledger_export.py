"""Member-ledger export at county scale, beside two reference paths (SPEC 10, issue 9).

    python bench/ledger_export.py [--households 100000]

Builds (once) 100,000 households with ~330,000 members and a case each in the PostgreSQL
database sx_bench_ledgers, then runs each variant in its own process and prints its wall time and
peak RSS:

  ours       ledgers: scoped queryset → values_list chunks → XlsxWriter constant_memory
  cursor     the floor: the ledger's own SQL on a server-side cursor, each row as it comes
             ``write_row`` into XlsxWriter constant_memory (raw values: no labels, no masking)
  resource   plain django-import-export ``MemberResource().export()`` + its XLSX format
  openpyxl   raw openpyxl write-only writing the same cell values from a list (time excludes
             building the list; its memory does not)
  xlsxwriter raw XlsxWriter constant_memory from the same list

By default ``ours`` and ``cursor`` run (``--only`` picks others); the last line is
``ratio: X.XX``, ours / cursor.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ledgers_setup as setup  # noqa: E402


def peak_mb() -> float:
    """This process's peak RSS. VmHWM, not getrusage: ru_maxrss survives exec on Linux and would
    report the parent's peak (the data build) instead of the variant's."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def county_user():
    from accounts.models import User

    return User.objects.get(username="county")


def values_list_of_cells():
    from ledgers.registry import LEDGERS, Filters

    ledger = LEDGERS["members"]
    user = county_user()
    return ledger, list(ledger.iter_cells(ledger.rows_for(user, Filters()), full_ids=True))


def run_variant(name: str, path: str) -> dict:
    from ledgers.registry import LEDGERS, Filters

    if name == "ours":
        from ledgers.services import ledger_export

        started = time.perf_counter()
        log = ledger_export(ledger=LEDGERS["members"], by=county_user(), filters=Filters(), path=path)
        return {"seconds": time.perf_counter() - started, "rows": log.rows}
    if name == "resource":
        from _member_resource import MemberResource
        from import_export.formats.base_formats import XLSX

        from households.models import Member

        started = time.perf_counter()
        queryset = (
            Member.objects.visible_to(county_user()).current().select_related("household__village__parent")
        )
        dataset = MemberResource().export(queryset=queryset)
        with open(path, "wb") as fh:
            fh.write(XLSX().export_data(dataset))
        return {"seconds": time.perf_counter() - started, "rows": len(dataset)}
    if name == "cursor":
        import xlsxwriter
        from django.db import connection, transaction

        ledger = LEDGERS["members"]
        qs = (
            ledger.rows_for(county_user(), Filters()).order_by(*ledger.order_by).values_list(*ledger.fields())
        )
        sql, params = qs.query.sql_with_params()
        started = time.perf_counter()
        book = xlsxwriter.Workbook(path, {"constant_memory": True})
        ws = book.add_worksheet("家庭成员明细")
        ws.write_row(0, 0, ["家庭成员明细"])
        ws.write_row(1, 0, [str(c.header) for c in ledger.columns])
        count = 0
        with transaction.atomic():  # a named (server-side) cursor lives in a transaction
            connection.ensure_connection()
            with connection.connection.cursor(name="ledger_floor") as cursor:
                cursor.itersize = 2000
                cursor.execute(sql, params)
                for count, row in enumerate(cursor, start=1):
                    ws.write_row(count + 1, 0, row)
        book.close()
        return {"seconds": time.perf_counter() - started, "rows": count}
    ledger, rows = values_list_of_cells()
    headers = [str(c.header) for c in ledger.columns]
    started = time.perf_counter()
    if name == "openpyxl":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        ws = book.create_sheet("家庭成员明细")
        ws.append(["家庭成员明细"])
        ws.append(headers)
        for row in rows:
            ws.append(row)
        book.save(path)
    else:
        import xlsxwriter

        book = xlsxwriter.Workbook(path, {"constant_memory": True})
        ws = book.add_worksheet("家庭成员明细")
        ws.write_row(0, 0, ["家庭成员明细"])
        ws.write_row(1, 0, headers)
        for r, row in enumerate(rows, start=2):
            ws.write_row(r, 0, row)
        book.close()
    return {"seconds": time.perf_counter() - started, "rows": len(rows)}


def child(name: str) -> None:
    setup.setup_django()
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        cpu = time.process_time()
        result = run_variant(name, path)
        # CPU seconds of the process (the database's share is small here): less moved by load.
        result.update(cpu=time.process_time() - cpu)
        result.update(peak_mb=peak_mb(), size_mb=os.path.getsize(path) / 1024 / 1024)
    finally:
        os.unlink(path)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--variant")
    parser.add_argument("--only", nargs="*", default=["ours", "cursor"])
    args = parser.parse_args()
    if args.variant:
        return child(args.variant)
    setup.ensure_database()
    setup.setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    setup.build_register(args.households)
    from households.models import Member

    print(f"data ready in {time.perf_counter() - started:.1f}s: {Member.objects.count()} members")
    results = {}
    for name in args.only:
        out = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--variant", name],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
        )
        if out.returncode:
            print(name, "failed:", out.stderr[-2000:])
            continue
        results[name] = json.loads(out.stdout.strip().splitlines()[-1])
        r = results[name]
        print(
            f"{name:<11} {r['seconds']:7.1f} s  (CPU {r['cpu']:6.1f} s)  peak RSS {r['peak_mb']:6.0f} MB  {r['rows']} rows  {r['size_mb']:.1f} MB file"
        )
    if "ours" in results and "openpyxl" in results:
        print(
            f"ours / raw openpyxl write-only = {results['ours']['seconds'] / results['openpyxl']['seconds']:.2f}x"
        )
    if "ours" in results and "cursor" in results:
        print(f"ratio: {results['ours']['seconds'] / results['cursor']['seconds']:.2f}")


if __name__ == "__main__":
    main()
