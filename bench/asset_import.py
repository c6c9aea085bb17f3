"""Asset ledger import: a county's ledger of N assets (default 3,000) through the import services.

    python bench/asset_import.py [--rows 3000]

Uses its own PostgreSQL database sx_bench_assetimport (DATABASE_URL overrides it) with the demo
regions and users. Writes a 项目资产台账 import file (one project per 5 assets, two funding
sources each), then times the dry run, the commit (which validates again inside its transaction)
and the same file again (it must find every row unchanged). Its assets are deleted before and after.
"""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_bench_assetimport")
import _ledgers_setup as setup  # noqa: E402

PREFIX = "BENCH-"  # asset codes and project names of this benchmark


def write_file(path: str, rows: int) -> None:
    import xlsxwriter

    from ledgers.imports.asset_rows import HEADERS
    from regions.models import Region

    villages = list(Region.objects.filter(level=Region.Level.VILLAGE).values_list("code", flat=True))
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet()
    ws.write_row(0, 0, HEADERS)
    for r in range(1, rows + 1):
        values = {
            "资产编号": f"{PREFIX}{r:07d}", "资产名称": f"冷链保鲜库{r}", "项目名称": f"{PREFIX}项目{r // 5}",
            "项目年度": "2022", "资产类别": "经营性资产", "资产类型": "冷链仓储",
            "所在区划代码": villages[(r // 5) % len(villages)], "原值（元）": "300000", "建成日期": "2022-10-15",
            "是否移交": "是", "移交日期": "2022-11-01", "是否确权": "否", "权属类型": "村集体",
            "所有权人": "村股份经济合作联合社", "经营方式": "出租", "经营主体": "鲜果合作社",
            "中央财政衔接资金（元）": "200000", "区县财政衔接资金（元）": "100000",
        }  # fmt: skip
        ws.write_row(r, 0, [values.get(h, "") for h in HEADERS])
    book.close()


def clean() -> None:
    from assets.models import Asset, Project

    assets = Asset.objects.filter(code__startswith=PREFIX)
    Asset.history.filter(code__startswith=PREFIX).delete()
    assets.delete()
    Project.history.filter(name__startswith=PREFIX).delete()
    Project.objects.filter(name__startswith=PREFIX).delete()


def timed_run(path: str, user, label: str) -> None:
    from django.core.files import File

    from ledgers.import_services import import_commit, import_queue_commit, import_validate
    from ledgers.models import ImportRun

    with open(path, "rb") as fh:
        run = ImportRun.objects.create(
            kind="assets", file=File(fh, "bench.xlsx"), original_name="bench.xlsx", created_by=user
        )
    started = time.perf_counter()
    run = import_validate(run_id=run.pk)
    dry = time.perf_counter() - started
    print(f"{label}: dry run {dry:6.1f} s  status={run.status} errors={run.error_count}")
    if run.status != ImportRun.Status.VALID:
        print(run.message, run.summary.get("preview", [])[:5])
        return
    import_queue_commit(run=run, by=user)
    started = time.perf_counter()
    run = import_commit(run_id=run.pk)
    commit = time.perf_counter() - started
    s = run.summary
    print(f"{label}: commit  {commit:6.1f} s  status={run.status} assets +{s['new_assets']} "
          f"~{s['changed_assets']} ={s['unchanged']} projects +{s['new_projects']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3_000)
    args = parser.parse_args()
    setup.ensure_database()
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="sx_bench_media_"))
    setup.setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts import demo as accounts_demo
    from accounts.models import User
    from regions import demo as regions_demo

    regions_demo.build()
    accounts_demo.build()
    clean()
    user = User.objects.get(username="county")
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        write_file(path, args.rows)
        print(f"file: {args.rows} rows, {os.path.getsize(path) / 1024:.0f} KB")
        timed_run(path, user, "first import")
        timed_run(path, user, "same file again")
    finally:
        os.unlink(path)
        clean()


if __name__ == "__main__":
    main()
