"""PostgreSQL fast path of validation: the CSV file COPYed as it is, checked set-wise in SQL.

The uploaded CSV goes by ``COPY`` into an UNLOGGED table of text columns (one per header), and one
``CREATE TABLE … AS SELECT`` fills the staging slots (``clues.matching.STAGING_DDL``) with each
cell's typed value where the cell is *plainly* valid, NULL where it is not, and joins the
register. The SQL checks are a strict subset of the Python cleaners (``clues.parsing``, which
stay the one home of the rules and of every message): a value passes here only if the cleaner
would accept it and leave it unchanged (an 18-character ID with its check digit, known province
and a real birth date not after today; ISO dates; plain amounts; years; choices; lengths; no
surrounding blanks). Every other non-empty row is read back
and cleaned by the Python cleaners, so its errors (or its normalised values: a lower-case x, a
15-digit ID, 2025/3/1) are exactly what the streaming path gives. A file that COPY cannot take as
it is (ragged rows, bytes not in the encoding, a blank line) returns ``None``: the caller uses the
streaming path, which then names the problem.
"""

import csv
import functools
import tempfile

from django.db import DatabaseError, connection, transaction

from households.idnumbers import known_place

from .datasets import SLOTS, Column, Kind
from .matching import (
    create_table,
    load_staging,
    member_columns,
    resolve_select,
    resolved_table,
    staging_table,
)
from .parsing import ParseResult, Run, Sniffed, clean_cells, column_positions

COPY_ENCODINGS = {"utf-8": "UTF8", "utf-8-sig": "UTF8", "gb18030": "GB18030"}
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
EMPTY = "''"
TYPED = {"amount": "numeric(14, 2)", "event_date": "date", "year": "integer"}


@functools.cache
def python_blanks() -> str:
    """Every character ``str.strip()`` removes, for btrim and a regular-expression bracket."""
    return "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@functools.cache
def provinces() -> list[str]:
    """The 2-digit prefixes ``households.idnumbers.known_place`` accepts (it reads the province)."""
    return [f"{p:02d}" for p in range(100) if known_place(f"{p:02d}0000")]


def real_date(y: str, m: str, d: str) -> str:
    """SQL: the digits make a real date from 1900 on (integer arithmetic only: no cast that could
    raise, and none of make_date, interval or extract, which cost several times more per row)."""
    year, month, day = f"({y})::int", f"({m})::int", f"({d})::int"
    # %% : the statement is sent with parameters, where a lone % would start one.
    leap = f"({year} %% 4 = 0 AND ({year} %% 100 <> 0 OR {year} %% 400 = 0))"
    last = (
        f"CASE {month} WHEN 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END "
        "WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END"
    )
    return (
        f"CASE WHEN {year} >= 1900 AND {month} BETWEEN 1 AND 12 AND {day} >= 1 THEN {day} <= ({last}) "
        "ELSE false END"
    )


def id_ok(v: str) -> str:
    digits = " + ".join(f"substr({v}, {i + 1}, 1)::int * {w}" for i, w in enumerate(WEIGHTS))
    y, m, d = f"substr({v}, 7, 4)", f"substr({v}, 11, 2)", f"substr({v}, 13, 2)"
    return (
        f"CASE WHEN length({v}) = 18 AND {digits_only(f'substr({v}, 1, 17)')} "
        f"AND translate(substr({v}, 18), '0123456789X', '') = '' AND substr({v}, 1, 2) = ANY(%(provinces)s) THEN "
        f"substr('10X98765432', ({digits}) %% 11 + 1, 1) = substr({v}, 18, 1) "
        f"AND (CASE WHEN {real_date(y, m, d)} THEN {y} || {m} || {d} <= %(today_digits)s ELSE false END) "
        "ELSE false END"
    )


def value_ok(column: Column, v: str) -> str:
    """SQL: ``v`` (non-empty, no surrounding blanks) is plainly valid for ``column``."""
    if column.type == "id":
        return id_ok(v)
    if column.type == "name":
        return f"char_length({v}) <= 64"
    if column.type == "text":
        return f"char_length({v}) <= 200"
    if column.type == "choice":
        return f"{v} = ANY(%(choices_{column.slot})s)"
    if column.type == "year":  # one hashed lookup among the few valid years
        return f"{v} = ANY(%(years)s)"
    if column.type == "amount":  # 1-10 digits, optionally a point and 1-2 digits
        # Digits and points only (one bracket expression: cheaper per value than translate), then
        # where the first point stands; a second one could only be among the last two characters.
        dot = f"strpos({v}, '.')"
        return (
            f"CASE WHEN {v} ~ '[^0-9.]' THEN false WHEN {dot} = 0 THEN octet_length({v}) <= 10 "
            f"ELSE {dot} BETWEEN 2 AND 11 AND octet_length({v}) - {dot} BETWEEN 1 AND 2 "
            f"AND right({v}, 1) <> '.' AND strpos({v}, '..') = 0 END"
        )
    if column.type == "date":
        y, m, d = f"substr({v}, 1, 4)", f"substr({v}, 6, 2)", f"substr({v}, 9, 2)"
        return (
            f"CASE WHEN length({v}) = 10 AND substr({v}, 5, 1) = '-' AND substr({v}, 8, 1) = '-' "
            f"AND translate({v}, '0123456789', '') = '--' THEN "
            f"(CASE WHEN {real_date(y, m, d)} THEN {v} <= %(today)s ELSE false END) ELSE false END"
        )
    raise ValueError(column.type)


def digits_only(v: str) -> str:
    """SQL: ``v`` holds ASCII digits only (or nothing)."""
    return f"translate({v}, '0123456789', '') = ''"


# The types whose plainly valid values are ASCII digits (and X, '.', '-') or a declared choice:
# no surrounding blank can pass their check, so it is not made twice.
NO_BLANK_POSSIBLE = ("id", "year", "amount", "date", "choice")


def no_blank_edges(v: str) -> str:
    """SQL: non-empty ``v`` neither starts nor ends with a blank (= ``v = btrim(v, blanks)``, but
    btrim sets up its multibyte character set again on every call)."""
    return f"strpos(%(blanks)s, left({v}, 1)) = 0 AND strpos(%(blanks)s, right({v}, 1)) = 0"


def slot_value(slot: str, by_slot: dict[str, tuple[Column, int]]) -> str:
    """SQL: the slot's value from raw row ``r`` (its LEFT JOIN with member ``m``): the cell typed when
    it is plainly valid, '' (text) or NULL (typed) when an optional cell is empty or the file lacks
    the column — and NULL when the cell is NOT plainly valid (``not_plain`` finds those rows). Each
    check runs once per cell, as the guard of its own value, where the rows are joined (the
    parallel workers): no cast can raise."""
    typed = TYPED.get(slot)
    if slot not in by_slot:
        return f"CAST(NULL AS {typed})" if typed else EMPTY
    column, index = by_slot[slot]
    v = f"COALESCE(r.c{index}, {EMPTY})"
    valid = value_ok(column, v)
    if column.type not in NO_BLANK_POSSIBLE:
        valid = f"{no_blank_edges(v)} AND {valid}"
    # Equal to the register's value is valid: every person_id was stored by parse_id, every name
    # stripped and at most 64 characters (``households.rules``). Most rows of a file are matched,
    # so most cells skip the check.
    if column.type == "id":
        valid = f"m.id IS NOT NULL OR ({valid})"
    elif column.type == "name":
        valid = f"m.name = {v} OR ({valid})"
    value = f"CAST({v} AS {typed})" if typed else v
    if column.required:
        return f"CASE WHEN {v} <> '' AND ({valid}) THEN {value} END"
    return f"CASE WHEN {v} = '' THEN {'NULL' if typed else EMPTY} WHEN {valid} THEN {value} END"


def given(slot: str) -> str:
    """The flag column telling an empty optional typed cell (NULL, valid) from an invalid one."""
    return f"given_{slot}"


def optional_typed(by_slot: dict[str, tuple[Column, int]]) -> list[str]:
    return [slot for slot, (column, _i) in by_slot.items() if slot in TYPED and not column.required]


def not_plain(by_slot: dict[str, tuple[Column, int]]) -> str:
    """SQL over the resolved table: the row has a cell that is not plainly valid."""
    flagged = optional_typed(by_slot)
    return " OR ".join(
        f"({slot} IS NULL AND {given(slot)})" if slot in flagged else f"{slot} IS NULL" for slot in by_slot
    )


def stage_csv(cursor, upload_id: int, fileobj, kind: Kind, sniffed: Sniffed, run: Run) -> ParseResult | None:
    """Validate ``fileobj`` in SQL and leave its rows resolved against the register (the table
    ``clues.matching.resolved_table``); None when COPY cannot take the file as it is.

    Runs inside the caller's transaction (the rows that are not plainly valid are streamed back
    through a server-side cursor).
    """
    encoding = COPY_ENCODINGS.get(sniffed.encoding)
    if sniffed.file_format != "csv" or encoding is None:
        return None
    raw, resolved = f"clues_raw_{upload_id}", resolved_table(upload_id)
    unplain = f"clues_unplain_{upload_id}"
    cells = [f"c{i}" for i in range(len(sniffed.headers))]
    columns = ", ".join(f"{c} text" for c in cells)
    # The row numbers from a sequence that hands out 10,000 at a time (one per row costs COPY half
    # its time).
    create_table(cursor, raw, f"(rn bigint GENERATED ALWAYS AS IDENTITY (CACHE 10000), {columns})")
    fileobj.seek(0)
    from psycopg2 import Error as DriverError  # type: ignore[import-untyped]  # PostgreSQL only

    try:
        with transaction.atomic():
            cursor.cursor.copy_expert(
                f"COPY {raw} ({', '.join(cells)}) FROM STDIN "
                f"WITH (FORMAT csv, HEADER true, ENCODING '{encoding}')",
                fileobj,
            )
    except (DatabaseError, DriverError):
        cursor.execute(f"DROP TABLE IF EXISTS {raw}")
        return None

    positions = column_positions(kind, sniffed.headers)
    by_slot = {column.slot: (column, index) for column, index in positions}
    blanks = python_blanks()
    params: dict = {
        "blanks": blanks,
        "only_blanks": f"^[{blanks}]*$",
        "provinces": provinces(),
        "today": run.today.isoformat(),
        "today_digits": run.today.strftime("%Y%m%d"),
        "years": [str(year) for year in range(2000, run.today.year + 1)],
        **{f"choices_{c.slot}": list(c.choices) for c, _i in positions if c.type == "choice"},
    }
    id_cell = f"r.c{by_slot['person_id'][1]}"
    # One statement, all of it in the parallel workers: every cell checked and typed, every row
    # joined to the register on the unique person_id index. The member columns come last, then the
    # flags of the optional typed cells (dropped afterwards), so that rows the Python cleaners fixed
    # can be appended by position (``resolve_select``).
    slots = ", ".join(f"{slot_value(slot, by_slot)} AS {slot}" for slot in SLOTS)
    carried = ", ".join(f"m.{c}" for c in member_columns(kind))
    flags = "".join(
        f", COALESCE(r.c{by_slot[slot][1]}, {EMPTY}) <> '' AS {given(slot)}"
        for slot in optional_typed(by_slot)
    )
    create_table(
        cursor,
        resolved,
        f"AS SELECT r.rn + 1 AS row_number, {slots}, m.id AS member_id, m.name AS member_name, {carried}{flags} "
        f"FROM {raw} r LEFT JOIN households_member m ON m.person_id = {id_cell}",
        params,
    )
    result = ParseResult()
    result.rows = cursor.rowcount
    bad = not_plain(by_slot)
    cursor.execute(f"SELECT count(*) FROM {resolved} WHERE {bad}")
    (not_plain_rows,) = cursor.fetchone()
    fixed = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
    writer = csv.writer(fixed, quoting=csv.QUOTE_ALL)
    if not_plain_rows:
        # Every kind requires its ID: a row with nothing in it is never plainly valid.
        cells_of = ", ".join(f"r.{c}" for c in cells)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {unplain} ON COMMIT DROP AS SELECT r.rn + 1 AS row_number, "
            f"ARRAY[{cells_of}] AS cells, concat({cells_of}) ~ %(only_blanks)s AS empty FROM {raw} r "
            f"WHERE r.rn + 1 IN (SELECT row_number FROM {resolved} WHERE {bad})",
            params,
        )
        cursor.execute(f"SELECT count(*) FROM {unplain} WHERE empty")
        result.rows -= cursor.fetchone()[0]
        with connection.connection.cursor(name=f"clues_unplain_{upload_id}") as rows:  # streamed
            rows.itersize = 5000
            rows.execute(f"SELECT row_number, cells FROM {unplain} WHERE NOT empty ORDER BY row_number")
            for number, row_cells in rows:
                cleaned = clean_cells(number, [c or "" for c in row_cells], positions, run, result)
                if cleaned is not None and not result.error_count:
                    writer.writerow(cleaned)
    cursor.execute(f"DROP TABLE {raw}")
    with fixed:
        if result.error_count:
            return result
        if not_plain_rows:
            cursor.execute(f"DELETE FROM {resolved} WHERE {bad}")
        for slot in optional_typed(by_slot):
            cursor.execute(f"ALTER TABLE {resolved} DROP COLUMN {given(slot)}")
        if fixed.tell():  # the rows the Python cleaners normalised: staged and resolved like the rest
            fixed.seek(0)
            staging = staging_table(upload_id)
            load_staging(cursor, staging, fixed)
            cursor.execute(f"INSERT INTO {resolved} {resolve_select(staging, kind)}")
            cursor.execute(f"DROP TABLE {staging}")
    return result
