"""Which households' grades can have changed since the last nightly run: a digest of every input.

The nightly run must find, every morning, the households whose risk is rising; most of a million
households' inputs did not change overnight. One set-wise statement hashes, per household, every
row the rules read (the household, its members, special groups, visits, income records of the
horizon, case risks, clues) together with the date comparisons the rules make against the day
(an income record inside each window the policies can ask for, a department clue of the last
year, a group active on the day) and a fingerprint of everything shared (the rule code, the
policies, the monitoring lines, the regions, the language). A household whose digest equals the
one stored (``GradeInputs``) has the same facts as when it was graded, so the rules would give the
same grade, reasons and visit due date again: only the others are graded (``grades_recompute``).

The digest decides *whether* to grade, never *what*: the facts and the rules stay in
``grading.services.grades`` and ``grading.rules``. It errs on the safe side: a change it sees that
the rules ignore costs one needless recompute, nothing more. Grades written outside the nightly
run (the on-commit recompute) leave the stored digest alone, so the night grades them again.
"""

import datetime
import hashlib
import zlib
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import Model
from django.dispatch import receiver
from django.utils.translation import get_language

from clues.models import Clue
from common.models import PolicySetting
from common.policies import POLICIES
from households.models import Household, IncomeRecord, Member, MonitoringLine, Visit
from monitoring.models import Case, CaseRisk
from regions.models import Region

from ..models import GradeInputs, MemberGroup
from ..policies import KEYS
from ..rules import DEPARTMENT_WINDOW

TABLE = "grading_digest"
# The modules whose code turns facts into a grade: a new release of any of them grades everything.
CODE = (
    "grading/rules.py",
    "grading/services/grades.py",
    "grading/models.py",
    "grading/names.py",
    "households/selectors.py",
    "clues/datasets.py",
)
# The income records read: those ending within this many of the longest window (the latest one in
# its window and the one before it, one window before that).
HORIZON = 3
MODULUS = 9223372036854775807  # the sums of 64-bit hashes, folded into a bigint
GROUP_COLUMNS = 'g.id, g.kind, g.source, g.start, g."end", g.start <= %(on)s, g."end" > %(on)s'


def t(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _windows() -> list[int]:
    """Every income window (months) a policy can ask for: the default and each override."""
    months = {int(POLICIES["income_window_months"].default)}
    months.update(
        int(v)
        for v in PolicySetting.objects.filter(key="income_window_months").values_list("value", flat=True)
    )
    return sorted(months)


def fingerprint() -> str:
    """What every household's grade shares: code, policies, lines, regions, language, names."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for name in CODE:
        digest.update((root / name).read_bytes())
    parts = [
        get_language() or "",
        repr(getattr(settings, "GRADE_NAMES", None)),
        repr(sorted((k, str(POLICIES[k].default)) for k in KEYS)),
        repr(sorted(PolicySetting.objects.filter(key__in=KEYS).values_list("key", "region_id", "value"))),
        repr(sorted(MonitoringLine.objects.values_list("year", "region_id", "amount"))),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), sum(hashtextextended({row_text('id, parent_id, path, name')}, 0)) % {MODULUS} "
            f"FROM {t(Region)}"
        )
        parts.append(repr(cursor.fetchone()))
    for part in parts:
        digest.update(part.encode())
    return digest.hexdigest()


def row_text(columns: str) -> str:
    """SQL: the values as one text that tells every row apart (a NULL from '', 'a', 'b' from 'a|b'):
    PostgreSQL's record output (quoted, NULL left empty); on SQLite a function of ours."""
    return f"ROW({columns})::text" if connection.vendor == "postgresql" else f"digest_text({columns})"


def _sql(windows: list[int]) -> str:
    """One row (household_id, digest) per household: the sum of its input rows' hashes."""
    amount = (
        "evidence->>'amount'" if connection.vendor == "postgresql" else "json_extract(evidence, '$.amount')"
    )
    in_window = ", ".join(f"period_end > %(cutoff_{m})s" for m in windows)
    case_open = ", ".join(f"'{s}'" for s in Case.OPEN_STATUSES)

    def h(tag: str, columns: str) -> str:
        return f"hashtextextended({row_text(f'{tag!r}, {columns}')}, 0)"

    return (
        f"SELECT household_id, CAST(sum(h) %% {MODULUS} AS bigint) AS digest FROM ("
        f"SELECT id AS household_id, {h('h', 'village_id, group_id, group_name, created_at, %(config)s')} AS h "
        f"FROM {t(Household)} "
        f"UNION ALL SELECT household_id, {h('m', 'id, removed_on, labour_skill, dibao, tekun, disabled, disability_grade')} "
        f"FROM {t(Member)} "
        f"UNION ALL SELECT m.household_id, {h('g', GROUP_COLUMNS)} "
        f"FROM {t(MemberGroup)} g JOIN {t(Member)} m ON m.id = g.member_id WHERE g.source <> 'register' "
        f"UNION ALL SELECT household_id, {h('v', 'id, visited_on, ' + ', '.join(Visit.ASSURANCE_FIELDS))} "
        f"FROM {t(Visit)} "
        f"UNION ALL SELECT household_id, {h('i', f'id, period_start, period_end, per_capita_net, period_end <= %(on)s, {in_window}')} "
        f"FROM {t(IncomeRecord)} WHERE period_end > %(since)s "
        f"UNION ALL SELECT c.household_id, {h('c', f'r.id, r.risk_type, c.status IN ({case_open})')} "
        f"FROM {t(CaseRisk)} r JOIN {t(Case)} c ON c.id = r.case_id "
        f"UNION ALL SELECT household_id, {h('l', f'id, status, source, rule, risk_type, {amount}, found_on, found_on > %(year_ago)s')} "
        f"FROM {t(Clue)} WHERE household_id IS NOT NULL"
        ") inputs GROUP BY household_id"
    )


def digests_build(on: datetime.date) -> int:
    """Fill the session's table of digests for ``on``; returns how many households it holds."""
    windows = _windows()
    params: dict[str, Any] = {
        "config": fingerprint(),
        "on": on,
        "since": on - relativedelta(months=HORIZON * max(windows)),
        "year_ago": on - DEPARTMENT_WINDOW,
        **{f"cutoff_{m}": on - relativedelta(months=m) for m in windows},
    }
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} AS {_sql(windows)}", params)
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        count = int(cursor.fetchone()[0])
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (household_id)")
            cursor.execute(f"ANALYZE {TABLE}")
    return count


def digests_changed() -> list[int]:
    """The households whose digest differs from the stored one (or have none stored)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.household_id FROM {TABLE} d LEFT JOIN {t(GradeInputs)} s ON s.household_id = d.household_id "
            "WHERE s.digest IS NULL OR s.digest <> d.digest ORDER BY d.household_id"
        )
        return [row[0] for row in cursor.fetchall()]


def digests_store() -> int:
    """Store the new digests (after the households were graded from the same inputs or newer)."""
    stored = t(GradeInputs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {stored} (household_id, digest) SELECT d.household_id, d.digest FROM {TABLE} d "
            f"LEFT JOIN {stored} s ON s.household_id = d.household_id WHERE s.digest IS NULL OR s.digest <> d.digest "
            "ON CONFLICT (household_id) DO UPDATE SET digest = excluded.digest"
        )
        return int(cursor.rowcount)


def digests_drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def _hash(text: str | None, seed: int) -> int | None:
    """SQLite's stand-in for PostgreSQL's hashtextextended (32 bits: the sums stay in an integer)."""
    return None if text is None else zlib.crc32(text.encode()) ^ seed


def _digest_text(*values: object) -> str:
    return repr(values)


@receiver(connection_created, dispatch_uid="grading-digest-sqlite")
def _sqlite_functions(sender: object, connection: Any, **kwargs: Any) -> None:
    """The functions the digest uses, for the embedded SQLite database."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("hashtextextended", 2, _hash, deterministic=True)
        connection.connection.create_function("digest_text", -1, _digest_text, deterministic=True)
