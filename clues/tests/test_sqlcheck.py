"""The PostgreSQL fast path (COPY + set-wise checks) gives exactly what the streaming Python path gives."""

import io
import os

import pytest
from django.db import connection, transaction
from django.utils import timezone

from clues.datasets import KINDS, SLOTS
from clues.matching import load_staging, member_columns, resolve
from clues.parsing import Run, sniff, validate_rows
from clues.sqlcheck import stage_csv
from clues.tests.conftest import csv_bytes
from conftest import require_or_skip
from households.idnumbers import synthetic_id

TODAY = timezone.localdate()
YEAR = str(TODAY.year - 1)


def both_paths(kind_code: str, content: bytes, first_id: int):
    """(errors, rows) from the SQL path and from the Python path, for the same file."""
    kind = KINDS[kind_code]
    columns = ", ".join(["row_number", *SLOTS, "member_id", "member_name", *member_columns(kind)])
    fileobj = io.BytesIO(content)
    sniffed = sniff(fileobj, kind)
    outcomes = []
    with transaction.atomic(), connection.cursor() as cursor:
        sql = stage_csv(cursor, first_id, fileobj, kind, sniffed, Run(TODAY))
        assert sql is not None
        rows = []
        if not sql.error_count:
            cursor.execute(f"SELECT {columns} FROM clues_resolved_{first_id} ORDER BY row_number")
            rows = [tuple(str(v) for v in row) for row in cursor.fetchall()]
        outcomes.append((sql.rows, sql.error_count, sql.errors, rows))

        python = validate_rows(io.BytesIO(content), kind, sniffed, run=Run(TODAY))
        with open(python.staging_path, encoding="utf-8", newline="") as written:
            staged = io.StringIO(written.read())
        os.unlink(python.staging_path)
        rows = []
        if not python.error_count:
            load_staging(cursor, "clues_staging_py", staged)
            resolve(cursor, "clues_staging_py", "clues_resolved_py", kind)
            cursor.execute(f"SELECT {columns} FROM clues_resolved_py ORDER BY row_number")
            rows = [tuple(str(v) for v in row) for row in cursor.fetchall()]
        outcomes.append((python.rows, python.error_count, python.errors, rows))
        transaction.set_rollback(True)
    return outcomes


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        require_or_skip("the COPY fast path runs on PostgreSQL only")


TRICKY_IDS = [
    synthetic_id("500230", TODAY.replace(year=1980), 3, male=True),
    synthetic_id("110101", TODAY.replace(year=1990), 7, male=False),
]


@pytest.mark.services
@pytest.mark.django_db
def test_valid_values_in_every_spelling_stage_alike(postgres_only, regions, member_in):
    member = member_in(regions["village_a"], name="张三")
    x_id = next(
        synthetic_id("500230", TODAY.replace(year=1970), n, male=True)
        for n in range(1000)
        if synthetic_id("500230", TODAY.replace(year=1970), n, male=True).endswith("X")
    )
    rows = [
        [member.person_id, "张三", "低保", "2025-03-01", "3600"],
        [member.person_id, " 张三\u3000", "特困", "2025/3/1", "1,200.5"],
        [x_id.lower(), "李四", "低保边缘", "20250301", ""],
        [f" {TRICKY_IDS[0]} ", "王五", "临时救助", "2025.03.01 00:00", "0.10"],
        [TRICKY_IDS[1], "赵六", "低保", "1900-01-01", "007"],
        ["", "", "", "", ""],
        [TRICKY_IDS[0][:6] + TRICKY_IDS[0][8:17], "钱七", "低保", "2024-02-29", "9999999999.99"],
        [TRICKY_IDS[1] + "42", "孙八", "特困", TODAY.isoformat(), "5."],
    ]
    sql, python = both_paths("civil_assistance", csv_bytes("civil_assistance", rows), 9001)
    assert sql == python
    assert sql[1] == 0 and len(sql[3]) == 7


@pytest.mark.services
@pytest.mark.django_db
def test_every_refusal_is_the_same(postgres_only):
    tomorrow = TODAY.toordinal() + 1
    future = type(TODAY).fromordinal(tomorrow).isoformat()
    rows = [
        [TRICKY_IDS[0][:-1] + ("0" if TRICKY_IDS[0][-1] != "0" else "1"), "甲", YEAR, "1"],  # check digit
        ["99" + TRICKY_IDS[0][2:], "乙", YEAR, "1"],  # place
        [TRICKY_IDS[0][:17], "丙", YEAR, "1"],  # length
        [TRICKY_IDS[1], "丁" * 65, "1999", "-1"],
        [TRICKY_IDS[1], "", str(TODAY.year + 1), "1.234"],
        [TRICKY_IDS[1], "戊", "２０２４", "abc"],
        ["", "己", YEAR, "99999999999"],
        [TRICKY_IDS[1], "庚", YEAR, future],
    ]
    sql, python = both_paths("medical_costs", csv_bytes("medical_costs", rows), 9002)
    assert sql == python
    assert sql[1] >= 10


@pytest.mark.services
@pytest.mark.django_db
def test_optional_columns_missing_and_extra_columns(postgres_only, regions, member_in):
    member = member_in(regions["village_a"], name="张三")
    headers = ["备注", "户主身份证号", "姓名", "灾害类型", "受灾日期"]
    rows = [
        ["x", member.person_id, "张三", "洪涝", "2025-07-12"],
        ["", TRICKY_IDS[0], "王五", "旱灾", "2025-07-1"],
    ]
    sql, python = both_paths(
        "emergency_disaster", csv_bytes("emergency_disaster", rows, headers=headers), 9003
    )
    assert sql == python
    assert len(sql[3]) == 2


def with_check_digit(body: str) -> str:
    """An 18-digit ID of ``body`` (17 digits) with its GB 11643 check digit, whatever the date."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


@pytest.mark.services
@pytest.mark.django_db
def test_calendar_edges_are_judged_alike(postgres_only):
    """Leap days, month ends and 1900 in dates and in IDs' birth dates: the SQL check's integer
    calendar refuses and accepts exactly what the Python cleaners do."""
    valid = [
        [with_check_digit("50023020000229001"), "甲", "低保", "2000-02-29", "1"],  # 400-year leap
        [with_check_digit("50023019960229002"), "乙", "低保", "2024-02-29", "1"],
        [with_check_digit("50023019001231003"), "丙", "低保", "1900-12-31", "1"],
        [with_check_digit("50023019850430004"), "丁", "低保", "2025-04-30", "1"],
    ]
    sql, python = both_paths("civil_assistance", csv_bytes("civil_assistance", valid), 9004)
    assert sql == python
    assert sql[1] == 0 and len(sql[3]) == 4
    invalid = [
        [with_check_digit("50023019000229001"), "甲", "低保", "1900-02-29", "1"],  # 1900: no leap day
        [with_check_digit("50023020230229002"), "乙", "低保", "2023-02-29", "1"],
        [with_check_digit("50023019850431003"), "丙", "低保", "2025-04-31", "1"],
        [with_check_digit("50023019851301004"), "丁", "低保", "2025-13-01", "1"],
        [with_check_digit("50023018991231005"), "戊", "低保", "1899-12-31", "1"],
        [with_check_digit("50023019850100006"), "己", "低保", "2025-01-00", "1"],
    ]
    sql, python = both_paths("civil_assistance", csv_bytes("civil_assistance", invalid), 9005)
    assert sql == python
    assert sql[1] == 12  # every ID and every date of the six rows


@pytest.mark.services
@pytest.mark.django_db
def test_amount_check_is_exactly_plain_decimal(postgres_only):
    """Every string of up to five characters over digits, point, letter and blank (and the
    length limits): the SQL check passes exactly 1-10 digits with an optional point and 1-2 digits."""
    import itertools
    import re

    from clues.sqlcheck import value_ok

    column = next(c for c in KINDS["medical_costs"].columns if c.type == "amount")
    values = ["".join(p) for n in range(1, 6) for p in itertools.product("09.a ", repeat=n)]
    values += ["1234567890", "12345678901", "1234567890.12", "12345678901.1", "1.234", "１２", "1.2.3"]
    plain = re.compile(r"[0-9]{1,10}(\.[0-9]{1,2})?")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE amount_values (v text)")
        cursor.executemany("INSERT INTO amount_values VALUES (%s)", [(v,) for v in values])
        cursor.execute(f"SELECT v, {value_ok(column, 'v')} FROM amount_values")
        judged = dict(cursor.fetchall())
    assert {v: bool(plain.fullmatch(v)) for v in values} == {v: bool(ok) for v, ok in judged.items()}
