"""Duplicate candidates for a county (issue 18: 350,000 members in under 60 s on PostgreSQL).

Builds the demo county with ~110,000 households / 350,000 members in its own database by COPY,
with a few percent planted duplicates of each kind (same name and birth date in another
household, the 15-digit legacy form under another century, a traditional-character or homophone
name variant, a shared phone). Then times the whole search — name keys from cold (the key cache
emptied), the grouping, the candidate rows written and committed — and, in the same run, the
floor: a bare SQL GROUP BY on the same keys. The last line is ``ratio: X.XX`` (search / floor).

    .venv/bin/python bench/duplicates.py [--members 350000] [--plant 0.02]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/sx_dups_bench; a second run reuses
the generated data (drop the database, or change --members, to rebuild).
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from _database import ensure_database  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_dups_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = (
    "建国 志强 德明 光荣 国华 永福 明亮 文斌 家兴 大山 秀英 桂英 玉兰 淑芬 春梅 红梅 丽华 小芳 晓燕 美玲 "
    "海波 国庆 建华 卫东 红兵 志刚 学军 伟 军 勇 静 敏 丽 强 磊 洋 艳 杰 娟 涛 超 霞 平 刚 "
    "子涵 浩然 欣怡 梓轩 雨桐 宇航 思远 嘉怡 俊杰 诗琪 佳豪 晨曦 博文 梦琪 泽宇 心怡"
).split()
# 繁体 forms of the characters above that have one, and sound-alike surnames (same pinyin).
TRADITIONAL = str.maketrans(
    "张刘陈杨黄赵吴孙马郑谢韩冯邓国华强伟军红丽艳杰涛刚兰东学庆",
    "張劉陳楊黃趙吳孫馬鄭謝韓馮鄧國華強偉軍紅麗艷傑濤剛蘭東學慶",
)
HOMOPHONE = {"李": "黎", "张": "章", "刘": "留", "林": "琳", "高": "郜", "何": "禾", "周": "州"}


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _variant(name: str, rng: random.Random) -> str | None:
    traditional = name.translate(TRADITIONAL)
    if traditional != name and rng.random() < 0.6:
        return traditional
    if name[0] in HOMOPHONE:
        return HOMOPHONE[name[0]] + name[1:]
    return traditional if traditional != name else None


def generate(members_total: int, plant: float) -> dict[str, int]:
    """COPY the county's households and members; returns how many pairs of each kind were planted."""
    from django.db import connection

    from households.idnumbers import synthetic_id
    from households.models import Household, Member
    from regions.models import Region

    rng = random.Random(2026)
    villages = list(
        Region.objects.filter(level="village", code__startswith="500230").values_list("pk", "code")
    )
    now = "2026-01-01 00:00:00+08"
    base = datetime.date(1940, 1, 1)
    defaults = {
        "id_type": "居民身份证",
        "ethnicity": "汉族",
        "education": "初中",
        "school_status": "",
        "labour_skill": "普通劳动力",
        "months_worked": 0,
        "employer": "",
        "work_place": "",
        "healthy": "t",
        "chronic_disease": "f",
        "serious_illness": "f",
        "disabled": "f",
        "disability_category": "",
        "disability_grade": "",
        "political_status": "群众",
        "medical_insurance": "城乡居民医保",
        "critical_illness_insurance": "f",
        "pension_insurance": "t",
        "dibao": "f",
        "tekun": "f",
        "welfare_post": "",
        "welfare_post_months": 0,
        "removed_on": None,
        "removal_reason": "",
        "created_at": now,
        "updated_at": now,
    }
    m_cols = [f.column for f in Member._meta.concrete_fields]
    h_cols = [f.column for f in Household._meta.concrete_fields]
    households: list[dict] = []
    members: list[dict] = []
    person = 0
    planted = {"name_birth": 0, "legacy_id": 0, "name_variant": 0, "phone": 0}
    per_village: dict[int, int] = {}

    def household(village: tuple[int, str], phone: str) -> dict:
        vid, code = village
        per_village[vid] = per_village.get(vid, 0) + 1
        row = {
            "id": len(households) + 1,
            "number": f"{code}{per_village[vid]:05d}",
            "village_id": vid,
            "group_id": None,
            "group_name": "一组",
            "natural_village": "",
            "address": "",
            "phone": phone,
            "head_name": "",
            "member_count": 0,
            "latest_income_id": None,
            "merged_into_id": None,
            "created_at": now,
            "updated_at": now,
        }
        households.append(row)
        return row

    def member(h: dict, name: str, born: datetime.date, pid: str, relationship: str) -> None:
        male = int(pid[16]) % 2 == 1
        members.append(
            {
                **defaults,
                "id": len(members) + 1,
                "household_id": h["id"],
                "name": name,
                "id_number": pid,
                "person_id": pid,
                "sex": "男" if male else "女",
                "birth_date": born,
                "relationship": relationship,
            }
        )
        h["member_count"] += 1
        if relationship == "户主":
            h["head_name"] = name

    seen_pids: set[str] = set()

    def new_pid(born: datetime.date, male: bool) -> str:
        nonlocal person
        while True:
            person += 1
            pid = synthetic_id("500230", born, person * 7 + rng.randrange(7), male)
            if pid not in seen_pids:
                seen_pids.add(pid)
                return pid

    plant_members = int(members_total * plant)
    plain_total = members_total - 3 * plant_members
    while len(members) < plain_total:
        size = rng.choice((2, 3, 3, 4, 4, 5))
        phone = f"13{rng.randrange(10**9):09d}" if rng.random() < 0.7 else ""
        h = household(rng.choice(villages), phone)
        surname = rng.choice(SURNAMES)
        for i in range(size):
            born = base + datetime.timedelta(days=rng.randrange(30000))
            name = surname + rng.choice(GIVEN) if i != 1 else rng.choice(SURNAMES) + rng.choice(GIVEN)
            member(h, name, born, new_pid(born, i % 2 == 0), ("户主", "配偶", "之子", "之女", "之孙子")[i])
    originals = members[:]
    # Planted duplicates: each a one-member household (a person registered twice elsewhere).
    for kind in ("name_birth", "legacy_id", "name_variant"):
        made = 0
        while made < plant_members:
            source = rng.choice(originals)
            born, name = source["birth_date"], source["name"]
            if kind == "legacy_id":
                if born.year >= 2000:
                    continue
                other = (
                    born.replace(year=born.year + 100)
                    if born.year + 100 <= 2025
                    else born.replace(year=born.year - 100)
                )
                pid = synthetic_id(
                    "500230",
                    other,
                    int(source["person_id"][14:17]) // 2,
                    int(source["person_id"][16]) % 2 == 1,
                )
                if pid in seen_pids:
                    continue
                seen_pids.add(pid)
                name, born = rng.choice(SURNAMES) + rng.choice(GIVEN), other
            elif kind == "name_variant":
                variant = _variant(name, rng)
                if variant is None:
                    continue
                name, pid = variant, new_pid(born, int(source["person_id"][16]) % 2 == 1)
            else:
                pid = new_pid(born, int(source["person_id"][16]) % 2 == 1)
            member(household(rng.choice(villages), ""), name, born, pid, "户主")
            made += 1
        planted[kind] = made
    # Shared phones: a few percent of the households take another household's number.
    with_phone = [h for h in households if h["phone"]]
    for h in rng.sample(with_phone, int(len(households) * plant)):
        h["phone"] = rng.choice(with_phone)["phone"]
        planted["phone"] += 1

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute(
            "TRUNCATE households_duplicatecandidate, households_historicalduplicatecandidate, "
            "households_namekey, households_member, households_household RESTART IDENTITY CASCADE"
        )
        _copy(cursor, "households_household", h_cols, ([h[c] for c in h_cols] for h in households))
        _copy(cursor, "households_member", m_cols, ([m[c] for c in m_cols] for m in members))
        for table in ("household", "member"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('households_{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM households_{table}))"
            )
        cursor.execute("ANALYZE")
    return planted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=350_000)
    parser.add_argument("--plant", type=float, default=0.02, help="share of members planted per kind")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from households.duplicates import floor_sql
    from households.models import DuplicateCandidate, Member, NameKey
    from households.services.duplicates import duplicates_find
    from regions import demo as regions_demo
    from regions.models import Region

    call_command("migrate", verbosity=0)
    regions_demo.build()
    county = Region.objects.get(code="500230000000")
    if abs(Member.objects.count() - args.members) > args.members * 0.01:
        started = time.monotonic()
        planted = generate(args.members, args.plant)
        print(
            f"generated {Member.objects.count():,} members in {time.monotonic() - started:.0f}s; planted {planted}"
        )
    print(
        f"county {county.name}: {Member.objects.count():,} members, "
        f"{Member.objects.values('household').distinct().count():,} households"
    )

    def cold() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE households_duplicatecandidate, households_historicalduplicatecandidate, "
                "households_namekey RESTART IDENTITY"
            )
            cursor.execute("VACUUM ANALYZE households_member")
            cursor.execute("ANALYZE households_household")

    cold()
    started = time.perf_counter()
    counts = duplicates_find(county)  # its own transaction: committed on return (autocommit)
    search = time.perf_counter() - started
    print(f"search (cold name keys, {NameKey.objects.count():,} names keyed): {search:.2f}s {counts}")
    by_reason: dict[str, int] = {}
    for reasons in DuplicateCandidate.objects.values_list("reasons", flat=True):
        for code in reasons:
            by_reason[code] = by_reason.get(code, 0) + 1
    print(f"candidates by reason: {dict(sorted(by_reason.items()))}")

    started = time.perf_counter()
    warm = duplicates_find(county)
    print(f"search again (warm keys, nothing new): {time.perf_counter() - started:.2f}s {warm}")

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(), [county.path + "%", county.path + "%"])
        groups = cursor.fetchone()
    floor = time.perf_counter() - started
    print(f"floor (bare GROUP BY on the same keys, groups {groups}): {floor:.2f}s")
    print(f"goal: under 60 s -> {'met' if search < 60 else 'NOT met'}")
    print(f"ratio: {search / floor:.2f}")


if __name__ == "__main__":
    main()
