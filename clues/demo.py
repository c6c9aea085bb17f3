"""Demo clues for 建龙村 and 联合村 in every state, plus a few households with fixed synthetic IDs
that the committed files under ``samples/`` hit. Idempotent: a second run finds both and stops."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from households.choices import Education, LabourSkill, MedicalInsurance, Relationship
from households.idnumbers import synthetic_id
from households.models import Household, Member
from monitoring.models import Category
from regions.models import Region

from . import services
from .datasets import RULES
from .models import Clue

VILLAGES = {"500230201201": "village_a", "500230201202": "village_b"}  # village code → demo cadre
# Fixed people for the static samples: (village code, head, spouse, birth year).
SAMPLE_HOUSEHOLDS = [
    ("500230201201", "谭德明", "冉秀英", 1968),
    ("500230201201", "秦光荣", "向春梅", 1972),
    ("500230201201", "陈家富", "黄桂兰", 1965),
    ("500230201201", "隆正强", "汪小琴", 1980),
    ("500230201202", "马忠平", "周德芬", 1959),
    ("500230201202", "文开华", "刘玉珍", 1975),
    ("500230201202", "杨世伦", "邓素华", 1983),
    ("500230201202", "罗永清", "冯淑芳", 1962),
]
STATES = [
    Clue.Status.NEW,
    Clue.Status.DISPATCHED,
    Clue.Status.VERIFYING,
    Clue.Status.CONFIRMED,
    Clue.Status.EXCLUDED,
]
CLUES_PER_VILLAGE = 16
DEMO_RULES = [r for r in RULES.values() if r.raises_clue]


def sample_people() -> list[tuple[str, str, str, str, datetime.date, bool]]:
    """(village code, household number, name, ID, birth date, is head) of the fixed sample people."""
    people = []
    for n, (village, head, spouse, year) in enumerate(SAMPLE_HOUSEHOLDS, start=1):
        number = f"{village}99{n:04d}"
        for offset, name in enumerate((head, spouse)):
            born = datetime.date(year + offset, 3 + n, 10 + offset)
            people.append(
                (village, number, name, synthetic_id("500230", born, 900 + n, offset == 0), born, offset == 0)
            )
    return people


def build_sample_households(regions: dict[str, Region]) -> None:
    for village, number, name, person_id, born, is_head in sample_people():
        household, _ = Household.objects.get_or_create(
            number=number, defaults={"village": regions[village], "head_name": "", "member_count": 0}
        )
        _member, created = Member.objects.get_or_create(
            person_id=person_id,
            defaults={
                "household": household,
                "name": name,
                "id_number": person_id,
                "sex": "男" if is_head else "女",
                "birth_date": born,
                "relationship": Relationship.HEAD if is_head else Relationship.SPOUSE,
                "education": Education.JUNIOR,
                "labour_skill": LabourSkill.ORDINARY,
                "medical_insurance": MedicalInsurance.RESIDENT,
            },
        )
        if created:
            household.member_count += 1
            if is_head:
                household.head_name = name
            household.save(update_fields=["member_count", "head_name"])


def advance(clue: Clue, target: str, *, township: User, cadre: User, n: int) -> None:
    """Walk a new clue through the services to ``target`` (so logs and cases are real)."""
    if target == Clue.Status.EXCLUDED and n % 2:
        services.clue_exclude(clue=clue, by=township, reason="重复线索，已在其他线索中核验")
        return
    if target == Clue.Status.NEW:
        return
    clue = services.clue_dispatch(clue=clue, by=township)
    if target == Clue.Status.EXCLUDED:
        services.clue_exclude(clue=clue, by=cadre, reason="入户核实：情况已好转，无致贫返贫风险")
        return
    if target == Clue.Status.DISPATCHED:
        return
    clue = services.clue_start(clue=clue, by=cadre)
    if target == Clue.Status.CONFIRMED:
        services.clue_confirm(
            clue=clue, by=cadre, category=Category.SUDDEN_HARDSHIP, note="入户核实，情况属实"
        )


@transaction.atomic
def build(*, stdout=None, seed: int = 2026, **_options) -> None:
    regions = {r.code: r for r in Region.objects.filter(code__in=VILLAGES)}
    township = User.objects.filter(username="township").first()
    if len(regions) < len(VILLAGES) or township is None:
        return
    build_sample_households(regions)
    if Clue.objects.filter(dedupe_key__startswith="demo:").exists():
        return
    rng = random.Random(seed)
    today = timezone.localdate()
    for code, username in VILLAGES.items():
        cadre = User.objects.get(username=username)
        households = list(Household.objects.filter(village=regions[code]).order_by("pk")[:200])
        rng.shuffle(households)
        for n in range(CLUES_PER_VILLAGE):
            household = households[n % len(households)]  # a small register: several clues per household
            rule = DEMO_RULES[n % len(DEMO_RULES)]
            clue = Clue.objects.create(
                household=household,
                source=Clue.Source.DEPARTMENT if n % 4 else Clue.Source.VISIT,
                rule=rule.code if n % 4 else "visit",
                risk_type=rule.risk_type,
                disaster_subtype="洪涝" if rule.risk_type == "因自然灾害" else "",
                evidence={"demo": True, "note": str(rule.label)},
                dedupe_key=f"demo:{code}:{n}",
                found_on=today - datetime.timedelta(days=n % 6),
                dispatch_due=today + datetime.timedelta(days=3 - n % 6),
                created_by=township,
            )
            advance(clue, STATES[n % len(STATES)], township=township, cadre=cadre, n=n)
    if stdout:
        stdout.write(f"  预警线索：{Clue.objects.filter(dedupe_key__startswith='demo:').count()} 条")
