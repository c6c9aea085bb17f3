"""Shared set-up for the ledger benchmarks: a PostgreSQL database of their own, filled by COPY."""

import datetime
import io
import json
import os
import random
import secrets
import sys
from pathlib import Path

from _database import ensure_database as create_database

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "sx_bench_ledgers"
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"


def setup_django():
    # bench/ holds scripts named like apps (bench/assistance.py), and Celery's Django fixup puts
    # the working directory first on sys.path: run from the project root so they cannot shadow apps.
    os.chdir(ROOT)
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if p and str(Path(p).resolve()) != here]
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    # As in production: with DEBUG on, Django keeps and formats every query (100,000-row inserts).
    os.environ.setdefault("DEBUG", "0")
    # DEBUG off refuses a weak key (config/envparse.py): a throwaway strong one.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def ensure_database():
    create_database(os.environ.get("DATABASE_URL", DEFAULT_URL))


def copy_objects(model, objects) -> None:
    """COPY model instances into their table: the fastest bulk path PostgreSQL offers."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    buffer = io.StringIO()
    for obj in objects:
        cells = []
        for field in fields:
            value = field.get_db_prep_save(getattr(obj, field.attname), connection)
            if value is None:
                cells.append("\\N")
            elif isinstance(value, bool):
                cells.append("t" if value else "f")
            elif hasattr(value, "dumps"):  # JSON adapter
                cells.append(json.dumps(value.adapted, ensure_ascii=False).replace("\\", "\\\\"))
            else:
                cells.append(str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " "))
        buffer.write("\t".join(cells) + "\n")
    buffer.seek(0)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {model._meta.db_table} ({columns}) FROM STDIN", buffer)


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "建国红梅志强立新思远敏平秀英桂兰海燕德明文华玉兰小龙春花永红金凤成林光明"


def name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def build_register(households: int, seed: int = 7) -> None:
    """``households`` households of ~3.3 members, each with a monitoring case and one risk."""

    from accounts import demo as accounts_demo
    from monitoring.models import Case
    from regions import demo as regions_demo

    regions_demo.build()
    accounts_demo.build()
    if Case.objects.count() >= households:
        return
    from django.db import transaction

    with transaction.atomic():
        _fill(households, seed)


def _fill(households: int, seed: int) -> None:
    from django.utils import timezone

    from accounts.models import User
    from households.choices import Education, LabourSkill, MedicalInsurance, Relationship
    from households.idnumbers import synthetic_id
    from households.models import Household, Member
    from monitoring.models import Case, CaseRisk
    from regions.models import Region

    rng = random.Random(seed)
    villages = list(Region.objects.filter(level=Region.Level.VILLAGE).values_list("pk", "code"))
    now = timezone.now()
    homes = []
    for i in range(households):
        village_id, code = villages[i % len(villages)]
        homes.append(
            Household(number=f"{code}{i:06d}", village_id=village_id, group_name=f"{i % 9 + 1}组",
                      address=f"{i % 9 + 1}组{i % 97}号", phone=f"13{i % 10}{i:08d}"[:11], head_name="",
                      member_count=0, created_at=now, updated_at=now)
        )  # fmt: skip
    copy_objects(Household, homes)
    ids = dict(Household.objects.values_list("number", "pk"))
    members, seq = [], 0
    relations = [Relationship.SPOUSE, Relationship.SON, Relationship.DAUGHTER, Relationship.MOTHER]
    for home in homes:
        size = rng.choice((2, 3, 3, 4, 4, 5))
        head = name(rng)
        home.head_name, home.member_count = head, size
        for k in range(size):
            seq += 1
            # synthetic_id keeps only seq % 500: a birth date per block of 500 keeps IDs unique.
            born = datetime.date(1950, 1, 1) + datetime.timedelta(days=(seq // 500) * 30)
            person = synthetic_id("500230", born, seq, k % 2 == 0)
            members.append(
                Member(household_id=ids[home.number], name=head if k == 0 else name(rng), id_number=person,
                       person_id=person, sex="男" if k % 2 == 0 else "女", birth_date=born,
                       relationship=Relationship.HEAD if k == 0 else relations[k - 1], education=Education.JUNIOR,
                       labour_skill=LabourSkill.ORDINARY, medical_insurance=MedicalInsurance.RESIDENT,
                       created_at=now, updated_at=now)
            )  # fmt: skip
    copy_objects(Member, members)
    del members
    from django.db import connection

    with connection.cursor() as cursor:  # head_name / member_count, as the services would keep them
        cursor.execute(
            "UPDATE households_household h SET head_name = m.name, member_count = c.n FROM "
            "(SELECT household_id, name FROM households_member WHERE relationship = '户主') m, "
            "(SELECT household_id, count(*) n FROM households_member GROUP BY household_id) c "
            "WHERE m.household_id = h.id AND c.household_id = h.id"
        )
    by = User.objects.get(username="county")
    found = datetime.date(2026, 3, 1)
    cases = [
        Case(household_id=ids[h.number], village_id=h.village_id, category="边缘易致贫户", channel="干部走访排查",
             status="monitored", step=0, found_on=found, deadline=found + datetime.timedelta(days=15),
             enrolled_on=found, created_by_id=by.pk, created_at=now, updated_at=now, evidence="")
        for h in homes
    ]  # fmt: skip
    copy_objects(Case, cases)
    copy_objects(
        CaseRisk,
        [
            CaseRisk(case_id=pk, risk_type="因病", disaster_subtype="")
            for pk in Case.objects.values_list("pk", flat=True)
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
