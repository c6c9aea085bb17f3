"""Duplicate candidates (疑似重复): the reasons, their weights and texts, the name keys, and the
set-wise search queries. Writing the rows is ``households.services.duplicates``.

The search is SQL grouping on normalised keys, never Python comparing members pairwise:

- 姓名与出生日期相同: the same name and birth date (two current members);
- 15位旧身份证号一致: the same 15-digit legacy form of the ID (place 6 + birth date without the
  century 6 + sequence 3) under two different 18-digit numbers, e.g. an old number upgraded with
  the wrong century. The exact upgrade of an old number to the same 18 digits is refused at entry
  (``person_id`` is unique), so what remains to find is the number that differs only there;
- 姓名繁简/拼音相同: a different name with the same simplified form or the same toneless pinyin
  (張偉/张伟, 张伟/章伟), and the same birth date;
- 联系电话相同: two households with the same phone (plus 户主姓名相同 when the heads' names match).

Key groups larger than ``GROUP_CAP`` are left out: a phone shared by 30 households is a village
office, not a duplicate, and its pairs would drown the list.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from .models import Household, Member, NameKey

GROUP_CAP = 20


@dataclass(frozen=True)
class Reason:
    code: str
    weight: int
    text: str  # gettext'd when shown


LEGACY_ID = "legacy_id"
NAME_BIRTH = "name_birth"
NAME_VARIANT = "name_variant"
PHONE = "phone"
HEAD_NAME = "head_name"

REASONS: dict[str, Reason] = {
    r.code: r
    for r in (
        Reason(LEGACY_ID, 90, N_("15位旧身份证号与另一人的18位身份证号一致")),
        Reason(NAME_BIRTH, 70, N_("姓名与出生日期相同")),
        Reason(NAME_VARIANT, 60, N_("姓名繁简/拼音相同，出生日期相同")),
        Reason(PHONE, 40, N_("联系电话相同")),
        Reason(HEAD_NAME, 30, N_("户主姓名相同")),
    )
}


def reason_text(code: str) -> str:
    reason = REASONS.get(code)
    return _(reason.text) if reason else code


def score(codes: Iterable[str]) -> int:
    """The sum of the reasons' weights, at most 100: more reasons, more likely the same."""
    return min(100, sum(REASONS[c].weight for c in set(codes)))


# -- name keys -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _converter() -> Any:
    from opencc import OpenCC  # opencc-python-reimplemented: pure Python, 繁→简

    return OpenCC("t2s")


def name_keys(name: str) -> tuple[str, str]:
    """(simplified, toneless pinyin) of a name: 張偉 → (张伟, zhangwei); 章伟 → (章伟, zhangwei)."""
    from pypinyin import lazy_pinyin

    cleaned = "".join(name.split())
    simplified = _converter().convert(cleaned)
    return simplified, "".join(lazy_pinyin(simplified)).lower()[:255]


def _in_county(alias: str) -> str:
    """SQL: the household ``alias`` is live and lies in the county whose path is the parameter."""
    return (
        f"{alias}.merged_into_id IS NULL AND {alias}.village_id IN "
        "(SELECT r.id FROM regions_region r WHERE r.path LIKE %s)"
    )


def fill_name_keys(county_path: str, batch: int = 5000) -> int:
    """Key every current member's name in the county not keyed yet (the table is a cache: a name
    is keyed once, ever). Returns how many names were keyed."""
    member, household, keys = Member._meta.db_table, Household._meta.db_table, NameKey._meta.db_table
    sql = (
        f"SELECT DISTINCT m.name FROM {member} m JOIN {household} h ON h.id = m.household_id "
        f"WHERE m.removed_on IS NULL AND {_in_county('h')} "
        f"AND NOT EXISTS (SELECT 1 FROM {keys} k WHERE k.name = m.name)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [county_path + "%"])
        names = [row[0] for row in cursor.fetchall()]
    rows = []
    for name in names:
        simplified, pinyin = name_keys(name)
        rows.append(NameKey(name=name, simplified=simplified, pinyin=pinyin))
    NameKey.objects.bulk_create(rows, batch_size=batch, ignore_conflicts=True)
    return len(names)


# -- the search ------------------------------------------------------------------------------


@dataclass
class Pair:
    a: int
    b: int
    household_a: int
    household_b: int
    reasons: set[str] = field(default_factory=set)


def _member_pairs_sql() -> str:
    member, household, keys = Member._meta.db_table, Household._meta.db_table, NameKey._meta.db_table
    # One CTE of the county's current members with their keys; one grouping per key, then the
    # pairs inside each small group (a.id < b.id), all in one statement.
    return f"""
WITH m AS (
    SELECT x.id, x.household_id, x.name, x.birth_date, x.person_id,
           substr(x.person_id, 1, 6) || substr(x.person_id, 9, 9) AS legacy,
           COALESCE(k.pinyin, x.name) AS py
    FROM {member} x
    JOIN {household} h ON h.id = x.household_id
    LEFT JOIN {keys} k ON k.name = x.name
    WHERE x.removed_on IS NULL AND {_in_county("h")}
),
nb AS (
    SELECT m.id, m.household_id, m.name, m.birth_date FROM m
    JOIN (SELECT name, birth_date FROM m GROUP BY name, birth_date HAVING COUNT(*) BETWEEN 2 AND %s) g
      ON g.name = m.name AND g.birth_date = m.birth_date
),
lg AS (
    SELECT m.id, m.household_id, m.legacy FROM m
    JOIN (SELECT legacy FROM m GROUP BY legacy HAVING COUNT(*) BETWEEN 2 AND %s) g ON g.legacy = m.legacy
),
va AS (
    -- MIN <> MAX rather than COUNT(DISTINCT): the grouping stays a hash, no sort of the county
    SELECT m.id, m.household_id, m.name, m.py, m.birth_date FROM m
    JOIN (SELECT py, birth_date FROM m GROUP BY py, birth_date
          HAVING MIN(name) <> MAX(name) AND COUNT(*) <= %s) g
      ON g.py = m.py AND g.birth_date = m.birth_date
)
SELECT '{NAME_BIRTH}', a.id, b.id, a.household_id, b.household_id
FROM nb a JOIN nb b ON b.name = a.name AND b.birth_date = a.birth_date AND a.id < b.id
UNION ALL
SELECT '{LEGACY_ID}', a.id, b.id, a.household_id, b.household_id
FROM lg a JOIN lg b ON b.legacy = a.legacy AND a.id < b.id
UNION ALL
SELECT '{NAME_VARIANT}', a.id, b.id, a.household_id, b.household_id
FROM va a JOIN va b ON b.py = a.py AND b.birth_date = a.birth_date AND a.id < b.id AND a.name <> b.name
"""


def _household_pairs_sql() -> str:
    household = Household._meta.db_table
    return f"""
WITH h AS (
    SELECT x.id, x.phone, x.head_name FROM {household} x
    WHERE x.phone <> '' AND {_in_county("x")}
),
g AS (SELECT phone FROM h GROUP BY phone HAVING COUNT(*) BETWEEN 2 AND %s)
SELECT a.id, b.id, CASE WHEN a.head_name <> '' AND a.head_name = b.head_name THEN 1 ELSE 0 END
FROM g JOIN h a ON a.phone = g.phone JOIN h b ON b.phone = g.phone AND a.id < b.id
"""


def _roomy(cursor: Any) -> None:
    """PostgreSQL, this transaction only: room for the county's groupings to stay in memory as
    hashes, and no nested loops — the row estimates of the CTEs are guesses (a column without
    statistics yet made the planner pair 15,000 × 15,000 rows in a loop: 75 s instead of 1)."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL enable_nestloop = off")


def member_pairs(county_path: str) -> dict[tuple[int, int], Pair]:
    pairs: dict[tuple[int, int], Pair] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        _roomy(cursor)
        cursor.execute(_member_pairs_sql(), [county_path + "%", GROUP_CAP, GROUP_CAP, GROUP_CAP])
        for code, a, b, ha, hb in _rows(cursor):
            pair = pairs.get((a, b))
            if pair is None:
                pair = pairs[(a, b)] = Pair(a, b, ha, hb)
            pair.reasons.add(code)
    return pairs


def household_pairs(county_path: str) -> dict[tuple[int, int], Pair]:
    pairs: dict[tuple[int, int], Pair] = {}
    with connection.cursor() as cursor:
        cursor.execute(_household_pairs_sql(), [county_path + "%", GROUP_CAP])
        for a, b, same_head in _rows(cursor):
            pairs[(a, b)] = Pair(a, b, a, b, {PHONE, HEAD_NAME} if same_head else {PHONE})
    return pairs


def _rows(cursor: Any, size: int = 10000) -> Iterator[Any]:
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            return
        yield from rows


def floor_sql() -> str:
    """The bench's floor: the bare GROUP BY on the same keys (no name keys, no pairs, no writes)."""
    member, household, keys = Member._meta.db_table, Household._meta.db_table, NameKey._meta.db_table
    return f"""
WITH m AS (
    SELECT x.name, x.birth_date, substr(x.person_id, 1, 6) || substr(x.person_id, 9, 9) AS legacy,
           COALESCE(k.pinyin, x.name) AS py
    FROM {member} x JOIN {household} h ON h.id = x.household_id LEFT JOIN {keys} k ON k.name = x.name
    WHERE x.removed_on IS NULL AND {_in_county("h")}
)
SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM m GROUP BY name, birth_date HAVING COUNT(*) > 1) s1),
       (SELECT COUNT(*) FROM (SELECT 1 FROM m GROUP BY legacy HAVING COUNT(*) > 1) s2),
       (SELECT COUNT(*) FROM (SELECT 1 FROM m GROUP BY py, birth_date HAVING COUNT(*) > 1) s4),
       (SELECT COUNT(*) FROM (SELECT 1 FROM {household} x WHERE x.phone <> '' AND {_in_county("x")}
                              GROUP BY phone HAVING COUNT(*) > 1) s3)
"""
