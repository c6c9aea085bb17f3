"""小额信贷台账 export beside its floor (issue 20: each new ledger streams within 1.5× of raw XlsxWriter).

    python bench/microcredit_ledger.py [--loans 100000] [--rounds 2]

Builds (once) a register of ``--loans`` households (~3.3 members each) with one loan each, in the
PostgreSQL database ``sx_credit_ledger_<loans>`` (or DATABASE_URL), then times, in A B A B rounds:

  ours   ``ledgers.services.ledger_export`` of the ``microcredit`` ledger as the county user
         (scoped queryset → values_list chunks → XlsxWriter constant_memory, IDs in full)
  floor  one SQL query joining the same rows (server-side cursor, 2,000 rows a fetch) streamed
         into raw XlsxWriter constant_memory with ``write_row`` — the same cells, no Django

and prints both (min and median), the rows and the file sizes; the last line is
``ratio: X.XX`` (ours / floor, best of each).
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ledgers_setup as setup  # noqa: E402

EPOCH = datetime.date(1899, 12, 30)
FLOOR_SQL = """
SELECT t.name, v.name, h.number, m.name, m.id_number, l.bank, l.amount, l.issued_on, l.due_on,
       l.term_months, l.annual_rate, l.subsidy_rate, l.subsidy_amount, l.purpose, l.principal_repaid,
       l.interest_repaid, l.status, l.overdue_since, l.extended
FROM microcredit_loan l
JOIN households_household h ON h.id = l.household_id
JOIN households_member m ON m.id = l.borrower_id
JOIN regions_region v ON v.id = h.village_id
LEFT JOIN regions_region t ON t.id = v.parent_id
ORDER BY v.code, h.number, l.id
"""
STATUS = {"normal": "正常", "overdue": "逾期", "extended": "展期", "settled": "已结清"}


def build_loans(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from households.models import Member
    from microcredit.models import Loan

    if Loan.objects.count() == count:
        return
    with transaction.atomic():
        Loan.objects.all().delete()
        by = User.objects.get(username="county")
        now = timezone.now()
        heads = (
            Member.objects.filter(relationship="户主")
            .order_by("household_id")
            .values_list("pk", "household_id")
        )
        loans = []
        for i, (member_id, household_id) in enumerate(heads[:count]):
            issued = datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 700)
            status = ("normal", "normal", "overdue", "extended", "settled")[i % 5]
            loans.append(
                Loan(household_id=household_id, borrower_id=member_id, bank=("丰都农村商业银行", "邮储银行丰都县支行")[i % 2],
                     amount=Decimal(50000 - (i % 5) * 5000), term_months=36, annual_rate=Decimal("3.45"),
                     subsidy_rate=Decimal("3.45"), method="quarterly", purpose="发展中蜂养殖", applied_on=issued,
                     issued_on=issued, due_on=issued + datetime.timedelta(days=1095), status=status,
                     principal_repaid=Decimal(5000 * (i % 3)), interest_repaid=Decimal("862.50"),
                     subsidy_amount=Decimal("5175.00"), extended=status == "extended",
                     overdue_since=issued + datetime.timedelta(days=90) if status == "overdue" else None,
                     cancel_reason="", created_by_id=by.pk, created_at=now, updated_at=now)
            )  # fmt: skip
        setup.copy_objects(Loan, loans)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run_ours(path: str) -> int:
    from accounts.models import User
    from ledgers.registry import LEDGERS, Filters
    from ledgers.services import ledger_export

    log = ledger_export(
        ledger=LEDGERS["microcredit"], by=User.objects.get(username="county"), filters=Filters(), path=path
    )
    return log.rows


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return (value - EPOCH).days
    return value


def run_floor(path: str) -> int:
    import xlsxwriter
    from django.db import connection, transaction

    from ledgers.registry import LEDGERS

    headers = ["序号", *[str(c.header) for c in LEDGERS["microcredit"].columns]]
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("小额信贷台账")
    sheet.write_row(0, 0, ["小额信贷台账"])
    sheet.write_row(1, 0, headers)
    today = datetime.date.today()
    r = 2
    with transaction.atomic(), connection.connection.cursor(name="floor") as cursor:
        cursor.itersize = 2000
        cursor.execute(FLOOR_SQL)
        for row in cursor:
            *head, status, overdue_since, extended = row
            sheet.write_row(
                r, 0,
                [r - 1, *map(_cell, head), STATUS.get(status, status),
                 (today - overdue_since).days if overdue_since else None, "是" if extended else "否", STATUS.get(status)],
            )  # fmt: skip
            r += 1
    book.close()
    return r - 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    # One database per size: the register builder adds households, it does not resize them.
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/sx_credit_ledger_{args.loans}")
    setup.ensure_database()
    setup.setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    setup.build_register(args.loans)
    build_loans(args.loans)
    print(f"{connection.settings_dict['NAME']}: data ready in {time.perf_counter() - started:.1f}s")
    times: dict[str, list[float]] = {"ours": [], "floor": []}
    for _ in range(args.rounds):
        for name, fn in (("ours", run_ours), ("floor", run_floor)):
            fd, path = tempfile.mkstemp(suffix=".xlsx")
            os.close(fd)
            try:
                begun = time.perf_counter()
                rows = fn(path)
                times[name].append(time.perf_counter() - begun)
                size = os.path.getsize(path) / 1024 / 1024
            finally:
                os.unlink(path)
            print(f"{name:<6} {times[name][-1]:7.2f} s  {rows} rows  {size:.1f} MB")
    for name, values in times.items():
        print(f"{name:<6} min {min(values):.2f} s  median {statistics.median(values):.2f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"ratio: {min(times['ours']) / min(times['floor']):.2f}")


if __name__ == "__main__":
    main()
