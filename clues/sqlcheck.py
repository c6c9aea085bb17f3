"""PostgreSQL fast path of validation: the CSV file COPYed as it is, checked set-wise in SQL.

The uploaded CSV goes by ``COPY`` into an UNLOGGED table of text columns (one per header), and one
``CREATE TABLE … AS SELECT`` decides per row whether every value is *plainly* valid and fills the
staging slots (``clues.matching.STAGING_DDL``) from it. The SQL checks are a strict subset of the
Python cleaners (``clues.parsing``, which stay the one home of the rules and of every message): a
value passes here only if the cleaner would accept it and leave it unchanged (an 18-character ID
with its check digit, known province and a real birth date not after today; ISO dates; plain
amounts; years; choices; lengths; no surrounding blanks). Every other non-empty row is read back
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
from .matching import NULLABLE, create_table, staging_table
from .parsing import ParseResult, Run, Sniffed, clean_cells, column_positions

COPY_ENCODINGS = {"utf-8": "UTF8", "utf-8-sig": "UTF8", "gb18030": "GB18030"}
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TYPED = {"amount": "numeric", "event_date": "date", "year": "integer"}


@functools.cache
def python_blanks() -> str:
    """Every character ``str.strip()`` removes, for a regular-expression bracket."""
    return "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@functools.cache
def provinces() -> list[str]:
    """The 2-digit prefixes ``households.idnumbers.known_place`` accepts (it reads the province)."""
    return [f"{p:02d}" for p in range(100) if known_place(f"{p:02d}0000")]


def real_date(y: str, m: str, d: str) -> str:
    """SQL: the digits make a real date from 1900 on (no cast that could raise)."""
    return (
        f"CASE WHEN ({y})::int >= 1900 AND ({m})::int BETWEEN 1 AND 12 AND ({d})::int >= 1 THEN "
        f"({d})::int <= extract(day from make_date(({y})::int, ({m})::int, 1) + interval '1 month - 1 day') "
        "ELSE false END"
    )


def id_ok(v: str) -> str:
    digits = " + ".join(f"substr({v}, {i + 1}, 1)::int * {w}" for i, w in enumerate(WEIGHTS))
    y, m, d = f"substr({v}, 7, 4)", f"substr({v}, 11, 2)", f"substr({v}, 13, 2)"
    return (
        f"CASE WHEN {v} ~ '^[0-9]{{17}}[0-9X]$' AND substr({v}, 1, 2) = ANY(%(provinces)s) THEN "
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
    if column.type == "year":
        return f"CASE WHEN {v} ~ '^[0-9]{{4}}$' THEN {v}::int BETWEEN 2000 AND %(year)s ELSE false END"
    if column.type == "amount":
        return f"{v} ~ '^[0-9]{{1,10}}([.][0-9]{{1,2}})?$'"
    if column.type == "date":
        y, m, d = f"substr({v}, 1, 4)", f"substr({v}, 6, 2)", f"substr({v}, 9, 2)"
        return (
            f"CASE WHEN {v} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN "
            f"(CASE WHEN {real_date(y, m, d)} THEN {v} <= %(today)s ELSE false END) ELSE false END"
        )
    raise ValueError(column.type)


def column_ok(column: Column, v: str) -> str:
    present = f"({v} <> '' AND {v} !~ %(edges)s AND ({value_ok(column, v)}))"
    return present if column.required else f"({v} = '' OR {present})"


def slot_value(slot: str, by_slot: dict[str, tuple[Column, int]]) -> str:
    """SQL: the slot's value from a plainly valid row ``t`` (NULL or '' when the file lacks it)."""
    if slot not in by_slot:
        return "NULL" if slot in NULLABLE else "''"
    v = f"COALESCE(t.c{by_slot[slot][1]}, '')"
    return f"CAST(NULLIF({v}, '') AS {TYPED[slot]})" if slot in TYPED else v


def stage_csv(cursor, upload_id: int, fileobj, kind: Kind, sniffed: Sniffed, run: Run) -> ParseResult | None:
    """Validate and stage ``fileobj`` in SQL; None when COPY cannot take the file as it is.

    Runs inside the caller's transaction (the rows that are not plainly valid are streamed back
    through a server-side cursor).
    """
    encoding = COPY_ENCODINGS.get(sniffed.encoding)
    if sniffed.file_format != "csv" or encoding is None:
        return None
    raw, staging = f"clues_raw_{upload_id}", staging_table(upload_id)
    cells = [f"c{i}" for i in range(len(sniffed.headers))]
    columns = ", ".join(f"{c} text" for c in cells)
    create_table(cursor, raw, f"(rn bigint GENERATED ALWAYS AS IDENTITY, {columns})")
    fileobj.seek(0)
    from psycopg2 import Error as DriverError  # only PostgreSQL reaches here

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
        "edges": f"^[{blanks}]|[{blanks}]$",
        "only_blanks": f"^[{blanks}]*$",
        "provinces": provinces(),
        "today": run.today.isoformat(),
        "today_digits": run.today.strftime("%Y%m%d"),
        "year": run.today.year,
        **{f"choices_{c.slot}": list(c.choices) for c, _i in positions if c.type == "choice"},
    }
    ok = " AND ".join(column_ok(column, f"COALESCE(r.c{index}, '')") for column, index in positions)
    empty = f"concat({', '.join(f'r.{c}' for c in cells)}) ~ %(only_blanks)s"
    slots = ", ".join(f"CASE WHEN t.ok THEN {slot_value(s, by_slot)} END AS {s}" for s in SLOTS)
    create_table(
        cursor,
        staging,
        f"AS SELECT t.rn + 1 AS row_number, t.ok, t.empty, {slots}, "
        f"CASE WHEN NOT t.ok AND NOT t.empty THEN ARRAY[{', '.join(f't.{c}' for c in cells)}] END AS cells "
        f"FROM (SELECT r.*, {empty} AS empty, ({ok}) AS ok FROM {raw} r OFFSET 0) t",
        params,
    )
    cursor.execute(f"DROP TABLE {raw}")

    result = ParseResult()
    cursor.execute(f"SELECT count(*) FILTER (WHERE NOT empty) FROM {staging}")
    result.rows = cursor.fetchone()[0]
    fixed = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
    writer = csv.writer(fixed, quoting=csv.QUOTE_ALL)
    with connection.connection.cursor(name=f"clues_unplain_{upload_id}") as unplain:  # streamed
        unplain.itersize = 5000
        unplain.execute(
            f"SELECT row_number, cells FROM {staging} WHERE cells IS NOT NULL ORDER BY row_number"
        )
        for number, row_cells in unplain:
            cleaned = clean_cells(number, [c or "" for c in row_cells], positions, run, result)
            if cleaned is not None and not result.error_count:
                writer.writerow(cleaned)
    if result.error_count:
        fixed.close()
        return result
    cursor.execute(f"DELETE FROM {staging} WHERE NOT ok OR empty")
    cursor.execute(f"ALTER TABLE {staging} DROP COLUMN ok, DROP COLUMN empty, DROP COLUMN cells")
    with fixed:
        if fixed.tell():
            fixed.seek(0)
            cursor.cursor.copy_expert(
                f"COPY {staging} (row_number, {', '.join(SLOTS)}) FROM STDIN "
                f"WITH (FORMAT csv, FORCE_NULL ({', '.join(NULLABLE)}))",
                fixed,
            )
    cursor.execute(f"ANALYZE {staging}")
    return result
