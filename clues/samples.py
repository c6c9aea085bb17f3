"""Sample department files with realistic hits against the register (demo, manual testing).

Each file mixes members of the register (about half of them tripping the kind's rule), one row
whose name is spelt differently (name-differs list) and a few valid ID numbers of people who are
not in the register (unmatched list), in the kind's own columns.
"""

import csv
import datetime
import os
import random

from django.utils import timezone

from households.idnumbers import synthetic_id
from households.models import Member

from .datasets import KIND_LIST, Column, Kind

# Choices that trip each kind's clue or correction rule (the rest of a column's choices do not).
TRIGGERING = {"C", "D", "一级", "二级", "未参保", "死亡", "迁出", "低保", "特困"}


def cell(column: Column, kind: Kind, hit: bool, rng: random.Random) -> str:
    today = timezone.localdate()
    if column.type == "choice":
        hits = [c for c in column.choices if c in TRIGGERING] or list(column.choices)
        misses = [c for c in column.choices if c not in TRIGGERING] or list(column.choices)
        return rng.choice(hits if hit else misses)
    if column.type == "date":
        return (today - datetime.timedelta(days=rng.randint(5, 120))).isoformat()
    if column.type == "year":
        return str(today.year - 1)
    if column.type == "amount":
        if kind.code == "medical_costs":
            return f"{rng.uniform(10000, 45000) if hit else rng.uniform(200, 9000):.2f}"
        return f"{rng.uniform(1000, 30000):.2f}" if column.required or hit else ""
    return column.example if column.type == "text" else ""


def sample_rows(kind: Kind, members: list[Member], rng: random.Random) -> list[list[str]]:
    rows = []
    for index, member in enumerate(members):
        hit = index % 2 == 0
        values = []
        for column in kind.columns:
            if column.type == "id":
                values.append(member.person_id)
            elif column.type == "name":
                values.append(member.name + ("（曾用名）" if index == 1 else ""))
            else:
                values.append(cell(column, kind, hit, rng))
        rows.append(values)
    for n in range(3):  # valid ID numbers of people the register does not know
        outsider = synthetic_id("500101", datetime.date(1975 + n, 3, 9), 400 + n, n % 2 == 0)
        rows.append(
            [
                outsider if c.type == "id" else "外县人员" if c.type == "name" else cell(c, kind, True, rng)
                for c in kind.columns
            ]
        )
    return rows


def write_samples(directory: str, *, members_qs=None, per_kind: int = 12, seed: int = 2026) -> list[str]:
    """One CSV per kind (UTF-8 with BOM) plus a GBK copy of the medical costs file."""
    rng = random.Random(seed)
    pool = list((members_qs if members_qs is not None else Member.objects.current()).order_by("pk")[:5000])
    os.makedirs(directory, exist_ok=True)
    written = []
    for kind in KIND_LIST:
        chosen = rng.sample(pool, min(per_kind, len(pool)))
        rows = sample_rows(kind, chosen, rng)
        encodings = [("utf-8-sig", f"{kind.code}.csv")]
        if kind.code == "medical_costs":
            encodings.append(("gb18030", f"{kind.code}_gbk.csv"))
        for encoding, name in encodings:
            path = os.path.join(directory, name)
            with open(path, "w", encoding=encoding, newline="") as out:
                writer = csv.writer(out)
                writer.writerow(kind.headers)
                writer.writerows(rows)
            written.append(path)
    return written
