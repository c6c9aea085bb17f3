"""Set-based matching of a validated department file against the whole register (SPEC 5, 10).

The clean rows are bulk-loaded into a staging table (PostgreSQL: UNLOGGED table + COPY; SQLite:
executemany, for the small files it serves), resolved against ``households_member`` with ONE join
on the unique person_id index, and every outcome is then an ``INSERT … SELECT`` over the resolved
table: results, corrections, and clues (``ON CONFLICT (dedupe_key) DO NOTHING``, so the same data
uploaded again raises no duplicate). No row passes through the ORM; memory does not grow with the
file. Everything runs in the caller's transaction: a failure leaves nothing behind.
"""

import contextlib
import csv
import time
from collections.abc import Callable
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.utils import timezone

from common.policies import policy_int, policy_value

from .datasets import LATEST_INCOME_JOIN, OPEN_CASE, SLOTS, Kind, Rule

COLUMNS = ("row_number", *SLOTS)
STAGING_DDL = (
    "row_number integer, person_id varchar(18), name varchar(64), code varchar(32), "
    "amount numeric(14, 2), event_date date, year integer, note varchar(200)"
)
NULLABLE = ("amount", "event_date", "year")
SQLITE_BATCH = 5_000
# Without a monitoring line for the year, "below the line" cannot be judged; a clue is raised for
# every unmonitored recipient instead (their income is below the assistance standard anyway).
NO_LINE = 10**12


def vendor() -> str:
    return connection.vendor


def json_object(pairs: list[tuple[str, str]]) -> str:
    """A JSON object built in SQL; the two databases name the function differently."""
    function = "jsonb_build_object" if vendor() == "postgresql" else "json_object"
    return f"{function}(" + ", ".join(f"'{key}', {expr}" for key, expr in pairs) + ")"


ROW_DETAIL = [
    ("code", "r.code"),
    ("amount", "r.amount"),
    ("date", "r.event_date"),
    ("year", "r.year"),
    ("note", "r.note"),
]


def row_detail(kind: Kind) -> list[tuple[str, str]]:
    """The file's own values kept with a result or clue: only the slots ``kind``'s file has (a
    missing key reads as empty everywhere it is shown; fewer pairs, cheaper rows)."""
    slots = {column.slot for column in kind.columns}
    return [(key, expr) for key, expr in ROW_DETAIL if expr.removeprefix("r.") in slots]


def create_table(cursor, table: str, body: str, params: dict | None = None) -> None:
    unlogged = "UNLOGGED " if vendor() == "postgresql" else ""
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(f"CREATE {unlogged}TABLE {table} {body}", params)


def load_staging(cursor, table: str, path) -> None:
    """Load the clean rows (a CSV in slot order: its path, or an open text file) into ``table``."""
    create_table(cursor, table, f"({STAGING_DDL})")
    if vendor() == "postgresql":
        with open_text(path) as source:
            cursor.cursor.copy_expert(
                f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN "
                f"WITH (FORMAT csv, FORCE_NULL ({', '.join(NULLABLE)}))",
                source,
            )
        cursor.execute(f"ANALYZE {table}")
        return
    insert = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    nullable = [COLUMNS.index(c) for c in NULLABLE]
    with open_text(path) as source:
        batch: list[list[str | None]] = []
        for line in csv.reader(source):
            row: list[str | None] = list(line)
            for i in nullable:
                row[i] = row[i] or None
            batch.append(row)
            if len(batch) == SQLITE_BATCH:
                cursor.executemany(insert, batch)
                batch = []
        if batch:
            cursor.executemany(insert, batch)


def open_text(path):
    """``path`` opened for reading, or the already open file (left open: its owner closes it)."""
    if isinstance(path, str):
        return open(path, encoding="utf-8", newline="")
    return contextlib.nullcontext(path)


def rule_params(upload, by_id: int) -> dict:
    """Named parameters of the rules: thresholds from the policies of the upload's region."""
    from households.selectors import line_for

    region = upload.region
    today = timezone.localdate()
    line = line_for(today.year, region)
    params = {
        "upload": upload.pk,
        "by": by_id,
        "kind": upload.kind,
        "today": today,
        "now": timezone.now(),
        "income_since": today - relativedelta(months=policy_int("income_window_months", region)),
        "dispatch_due": today + relativedelta(days=policy_int("clue_dispatch_days", region)),
        "line": line.amount if line else NO_LINE,
        "medical_threshold": policy_value("medical_self_paid_threshold", region),
        "medical_share": policy_value("medical_income_share", region),
    }
    if vendor() == "sqlite":  # sqlite3 binds Decimal as text: compare numbers with numbers
        params = {k: float(v) if isinstance(v, Decimal) else v for k, v in params.items()}
        params["now"] = connection.ops.adapt_datetimefield_value(params["now"])
    return params


RESULT_COLUMNS = "(upload_id, row_number, person_id, name, member_id, outcome, rule, detail)"
# The member columns the rules read, copied into the resolved table by the one join, so that no
# rule joins the register again.
RESOLVED_MEMBER_COLUMNS = (
    "household_id",
    "removed_on",
    "dibao",
    "tekun",
    "medical_insurance",
    "disabled",
    "disability_grade",
)


ALWAYS_RESOLVED = ("household_id", "removed_on")  # every clue names the household; rules skip the removed


def member_columns(kind: Kind) -> tuple[str, ...]:
    """The member columns ``kind``'s rules read (the fewer carried, the cheaper the one join)."""
    read = " ".join(rule.where for rule in kind.rules)
    return tuple(c for c in RESOLVED_MEMBER_COLUMNS if c in ALWAYS_RESOLVED or f"r.{c}" in read)


def resolve_select(staging: str, kind: Kind) -> str:
    """The one join of the file against the whole register, on the unique person_id index."""
    carried = ", ".join(f"m.{c}" for c in member_columns(kind))
    return (
        f"SELECT s.*, m.id AS member_id, m.name AS member_name, {carried} FROM {staging} s "
        "LEFT JOIN households_member m ON m.person_id = s.person_id"
    )


def resolve(cursor, staging: str, resolved: str, kind: Kind) -> None:
    create_table(cursor, resolved, f"AS {resolve_select(staging, kind)}")


def insert_results(cursor, resolved: str, kind: Kind, rows: int, params: dict) -> dict:
    """Only what someone must look at is kept row by row: rows not in the register (with their values,
    to be found) and names that differ, both written by one scan of the resolved table. A plain
    match is counted, not stored: its values are the department's own and its row is in the
    uploaded file. ``rows``: the resolved table's rows."""
    detail = json_object([*row_detail(kind), ("member_name", "r.member_name")])
    insert = (
        f"INSERT INTO clues_matchresult {RESULT_COLUMNS} "
        f"SELECT %(upload)s, r.row_number, r.person_id, COALESCE(r.name, ''), r.member_id, "
        f"CASE WHEN r.member_id IS NULL THEN 'unmatched' ELSE 'name_differs' END, '', {detail} "
        f"FROM {resolved} r WHERE r.member_id IS NULL OR r.name <> r.member_name RETURNING outcome"
    )
    if vendor() == "postgresql":  # counted where the rows are written: nothing sent back
        cursor.execute(
            f"WITH kept AS ({insert}) SELECT count(*) FILTER (WHERE outcome = 'unmatched'), count(*) FROM kept",
            params,
        )
        unmatched, kept = cursor.fetchone()
    else:  # SQLite has no INSERT inside WITH; its files are small
        cursor.execute(insert, params)
        outcomes = [outcome for (outcome,) in cursor.fetchall()]
        unmatched, kept = outcomes.count("unmatched"), len(outcomes)
    return {"matched": rows - unmatched, "unmatched": unmatched, "name_differs": kept - unmatched}


def apply_rule(cursor, resolved: str, kind: Kind, rule: Rule, params: dict) -> tuple[int, int]:
    """Insert the rule's result rows; for a clue rule also the clues. Returns (result rows, new clues).

    The rule's condition is evaluated once, into a small table of hits, which both inserts read.
    """
    hits = f"{resolved}_hits"
    alive = " AND r.removed_on IS NULL" if rule.raises_clue else ""
    income = LATEST_INCOME_JOIN.format(resolved=resolved) if rule.reads_income else ""
    create_table(
        cursor,
        hits,
        f"AS SELECT r.* FROM {resolved} r {income} WHERE r.member_id IS NOT NULL{alive} AND ({rule.where})",
        params,
    )
    outcome = "clue" if rule.raises_clue else "correction"
    detail = json_object([*row_detail(kind), ("member_name", "r.member_name"), ("open_case", OPEN_CASE)])
    cursor.execute(
        f"INSERT INTO clues_matchresult {RESULT_COLUMNS} "
        f"SELECT %(upload)s, r.row_number, r.person_id, COALESCE(r.name, ''), r.member_id, '{outcome}', "
        f"'{rule.code}', {detail} FROM {hits} r",
        params,
    )
    found, created = cursor.rowcount, 0
    if rule.raises_clue:
        evidence = json_object(
            [
                ("upload", "%(upload)s"),
                ("kind", "%(kind)s"),
                ("row", "r.row_number"),
                ("name", "r.name"),
                *row_detail(kind),
            ]
        )
        period = f"COALESCE(CAST(r.{kind.period_slot} AS TEXT), '')"
        cursor.execute(
            "INSERT INTO clues_clue (status, source, rule, risk_type, disaster_subtype, household_id, member_id, "
            "person_id, evidence, dedupe_key, upload_id, found_on, dispatch_due, exclusion_reason, created_by_id, "
            "created_at, updated_at) "
            f"SELECT 'new', 'department', '{rule.code}', '{rule.risk_type}', {rule.subtype_sql}, r.household_id, "
            f"r.member_id, r.person_id, {evidence}, %(kind)s || ':{rule.code}:' || r.person_id || ':' || {period}, "
            f"%(upload)s, %(today)s, %(dispatch_due)s, '', %(by)s, %(now)s, %(now)s FROM {hits} r "
            # The WHERE keeps SQLite from reading ON CONFLICT as a join constraint.
            "WHERE 1 = 1 ON CONFLICT (dedupe_key) DO NOTHING",
            params,
        )
        created = cursor.rowcount
    cursor.execute(f"DROP TABLE {hits}")
    return found, created


def match_staged(
    upload, kind: Kind, path: str | None, rows: int, on_progress: Callable[[float], None] = lambda f: None
) -> dict:
    """Match the ``rows`` clean rows: from ``path`` (slot order, loaded and resolved here) or, with
    no path, from the resolved table ``clues.sqlcheck`` already filled. Returns the rows per outcome
    (from the INSERTs' own row counts), the new clues and phase timings."""
    staging, resolved = staging_table(upload.pk), resolved_table(upload.pk)
    params = rule_params(upload, upload.uploaded_by_id)
    timings = {}
    with connection.cursor() as cursor:
        started = time.perf_counter()
        if path is not None:
            load_staging(cursor, staging, path)
            resolve(cursor, staging, resolved, kind)
            cursor.execute(f"DROP TABLE {staging}")
        timings["load"] = time.perf_counter() - started
        on_progress(0.7)

        started = time.perf_counter()
        counts = {
            **insert_results(cursor, resolved, kind, rows, params),
            "correction": 0,
            "clue": 0,
            "new_clues": 0,
        }
        for rule in kind.rules:
            if not rule.raises_clue:
                counts["correction"] += apply_rule(cursor, resolved, kind, rule, params)[0]
        timings["match"] = time.perf_counter() - started
        on_progress(0.85)

        started = time.perf_counter()
        for rule in kind.rules:
            if rule.raises_clue:
                found, created = apply_rule(cursor, resolved, kind, rule, params)
                counts["clue"] += found
                counts["new_clues"] += created
        timings["clues"] = time.perf_counter() - started

        cursor.execute(f"DROP TABLE {resolved}")
    return {**counts, "timings": {k: round(v, 3) for k, v in timings.items()}}


def staging_table(upload_id: int) -> str:
    return f"clues_staging_{upload_id}"


def resolved_table(upload_id: int) -> str:
    return f"clues_resolved_{upload_id}"


def drop_work_tables(upload_id: int) -> None:
    """What a run that stopped midway may have left (the staging tables live outside its transaction)."""
    with connection.cursor() as cursor:
        for table in (f"clues_raw_{upload_id}", staging_table(upload_id), resolved_table(upload_id)):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
