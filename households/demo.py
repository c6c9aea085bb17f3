"""Demo register for 丰都县: ~30,000 households, ~90,000 synthetic people, incomes, flags and lines.

Everything derives from the seed, so a second run plans the same households, finds their numbers
taken and adds nothing. Rows are written with bulk_create (no per-row history: demo data has no
author). People are made up: valid check digits, common surnames, no real person's data.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery

from regions.models import Region

from .choices import (
    Education,
    HouseholdFlagKind,
    LabourSkill,
    MedicalInsurance,
    Relationship,
    RelocationMode,
    SchoolStatus,
)
from .idnumbers import synthetic_id
from .models import DuplicateCandidate, Household, HouseholdFlag, IncomeRecord, Member, MonitoringLine

COUNTY = "500230000000"
CITY = "500000000000"
FOCUS_VILLAGES = ("500230201201", "500230201202")  # 建龙村, 联合村: the demo cadres' villages
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武"
GIVEN_MALE = "建国 志强 德明 光荣 国华 永福 明亮 文斌 家兴 大山 洪波 世平 长江 正华 俊杰 浩然 子轩 宇航 天佑 思远 海涛 勇 刚 军 伟 强 平 超 磊 鹏".split()
GIVEN_FEMALE = "秀英 桂英 玉兰 淑芬 春梅 红梅 丽华 小芳 晓燕 美玲 雪梅 海燕 思琪 雨涵 欣怡 梓涵 佳怡 诗雨 芳 敏 静 丽 娟 霞 燕 琴 兰 萍 莉 婷".split()
GROUPS = "一组 二组 三组 四组 五组 六组 七组 八组".split()

# 2021 is the published Chongqing line; later years are invented for the demo and say so.
LINES = [(2021, Decimal(6000), "渝委农组〔2021〕6号", False)] + [
    (year, Decimal(6000 + 300 * (year - 2021)), "演示数值（非正式文件公布）", True)
    for year in range(2022, 2027)
]


def _village_quota(villages: list[Region], total: int) -> dict[int, int]:
    focus = [v for v in villages if v.code in FOCUS_VILLAGES]
    others = [v for v in villages if v.code not in FOCUS_VILLAGES]
    per_focus = min(300, total // 10)
    quota = {v.pk: per_focus for v in focus}
    rest = total - per_focus * len(focus)
    for i, village in enumerate(others):
        quota[village.pk] = rest // len(others) + (1 if i < rest % len(others) else 0)
    return quota


class _People:
    """Synthetic citizens with valid, unique ID numbers."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng, self.today = rng, today
        self.seen: set[str] = set()

    def person(self, age: int, male: bool) -> dict:
        while True:
            born = self.today - datetime.timedelta(days=age * 365 + self.rng.randrange(365))
            number = synthetic_id("500230", born, self.rng.randrange(500), male)
            if number not in self.seen:
                self.seen.add(number)
                return {
                    "id_number": number,
                    "person_id": number,
                    "birth_date": born,
                    "sex": "男" if male else "女",
                }

    def name(self, surname: str, male: bool) -> str:
        return surname + self.rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)


def _schooling(age: int, rng: random.Random) -> dict:
    if age < 3:
        return {"school_status": SchoolStatus.PRESCHOOL_CHILD, "education": ""}
    if age < 6:
        return {"school_status": SchoolStatus.PRESCHOOL, "education": ""}
    if age < 12:
        return {"school_status": SchoolStatus.PRIMARY, "education": ""}
    if age < 15:
        return {
            "school_status": [SchoolStatus.GRADE_7, SchoolStatus.GRADE_8, SchoolStatus.GRADE_9][age - 12],
            "education": "",
        }
    if age < 18 and rng.random() < 0.8:
        return {
            "school_status": rng.choice([SchoolStatus.HIGH_1, SchoolStatus.VOCATIONAL_2]),
            "education": "",
        }
    if age > 60:
        return {
            "education": rng.choice([Education.ILLITERATE, Education.PRIMARY, Education.PRIMARY]),
            "school_status": "",
        }
    return {
        "education": rng.choice(
            [Education.PRIMARY, Education.JUNIOR, Education.JUNIOR, Education.SENIOR, Education.COLLEGE]
        ),
        "school_status": "",
    }


def _labour(age: int, rng: random.Random) -> str:
    if age < 16:
        return LabourSkill.NONE
    if age > 70:
        return rng.choice([LabourSkill.LOST, LabourSkill.WEAK])
    return rng.choices([LabourSkill.ORDINARY, LabourSkill.SKILLED, LabourSkill.WEAK], [6, 2, 1])[0]


def _member(people: _People, rng, household, surname, relationship, age, male) -> Member:
    identity = people.person(age, male)
    ill = rng.random() < 0.06
    return Member(
        household=household,
        name=people.name(surname if relationship != Relationship.SPOUSE else rng.choice(SURNAMES), male),
        relationship=relationship,
        labour_skill=_labour(age, rng),
        medical_insurance=MedicalInsurance.RESIDENT if rng.random() < 0.97 else MedicalInsurance.EMPLOYEE,
        healthy=not ill,
        chronic_disease=ill,
        months_worked=rng.choice([0, 0, 6, 8, 10, 12]) if 18 <= age <= 60 else 0,
        pension_insurance=age >= 16 and rng.random() < 0.85,
        **_schooling(age, rng),
        **identity,
    )


def _family(people, rng, household) -> list[Member]:
    surname = rng.choice(SURNAMES)
    head_age = rng.randint(28, 78)
    head_male = rng.random() < 0.85
    members = [_member(people, rng, household, surname, Relationship.HEAD, head_age, head_male)]
    if rng.random() < 0.78:
        members.append(
            _member(
                people,
                rng,
                household,
                surname,
                Relationship.SPOUSE,
                head_age + rng.randint(-4, 3),
                not head_male,
            )
        )
    for _ in range(rng.choices([0, 1, 2, 3], [3, 4, 3, 1])[0]):
        age = max(0, head_age - rng.randint(22, 34))
        male = rng.random() < 0.5
        members.append(
            _member(
                people,
                rng,
                household,
                surname,
                Relationship.SON if male else Relationship.DAUGHTER,
                age,
                male,
            )
        )
    if head_age < 50 and rng.random() < 0.2:
        members.append(
            _member(
                people, rng, household, surname, Relationship.MOTHER, head_age + rng.randint(22, 30), False
            )
        )
    return members


def _income(rng, household, size: int, year: int) -> IncomeRecord:
    # Most households well above the line, a tail around it and a few percent below.
    per_capita = rng.choices(
        [rng.uniform(3500, 6900), rng.uniform(6900, 9000), rng.uniform(9000, 26000)], [4, 12, 84]
    )[0]
    net = Decimal(per_capita * size).quantize(Decimal(1))
    wage = (net * Decimal(rng.uniform(0.4, 0.8))).quantize(Decimal(1))
    transfer = (net * Decimal(rng.uniform(0.05, 0.2))).quantize(Decimal(1))
    expense = Decimal(rng.randrange(0, 3000))
    record = IncomeRecord(
        household=household,
        period=IncomeRecord.Period.YEAR,
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        wage=wage,
        transfer=transfer,
        property=Decimal(0),
        business=net - wage - transfer + expense,
        business_expense=expense,
        members=size,
    )
    record.compute()
    return record


def _flags(rng, household) -> list[HouseholdFlag]:
    flags = []
    if rng.random() < 0.05:
        exit_year = rng.randint(2014, 2020)
        flags.append(
            HouseholdFlag(
                household=household,
                kind=HouseholdFlagKind.FORMER_POOR,
                exit_year=exit_year,
                start_date=datetime.date(exit_year, 12, 31),
            )
        )
        if rng.random() < 0.15:
            flags.append(
                HouseholdFlag(
                    household=household,
                    kind=HouseholdFlagKind.RELOCATED,
                    relocation_mode=rng.choice(RelocationMode.values),
                    relocation_site="栗子乡集中安置点",
                )
            )
    if rng.random() < 0.03:
        flags.append(
            HouseholdFlag(
                household=household, kind=HouseholdFlagKind.DIBAO, start_date=datetime.date(2022, 1, 1)
            )
        )
    if rng.random() < 0.005:
        flags.append(HouseholdFlag(household=household, kind=HouseholdFlagKind.TEKUN))
    if rng.random() < 0.01:
        flags.append(HouseholdFlag(household=household, kind=HouseholdFlagKind.DIBAO_EDGE))
    return flags


def _lines(city: Region) -> int:
    made = 0
    for year, amount, basis, is_demo in LINES:
        _line, created = MonitoringLine.objects.get_or_create(
            year=year,
            region=city,
            defaults={
                "amount": amount,
                "basis": basis,
                "effective_date": datetime.date(year, 1, 1),
                "is_demo": is_demo,
            },
        )
        made += created
    return made


@transaction.atomic
def build(*, stdout=None, households: int = 30000, seed: int = 2026, **_options) -> dict:
    county = Region.objects.get(code=COUNTY)
    lines = _lines(Region.objects.get(code=CITY))
    villages = list(Region.objects.subtree_of(county).filter(level=Region.Level.VILLAGE).order_by("code"))
    rng = random.Random(seed)
    today = datetime.date(2026, 6, 30)  # fixed, so the same seed gives the same people on any day
    people = _People(rng, today)
    income_year = datetime.date.today().year - 1
    taken = set(Household.objects.filter(village__in=villages).values_list("number", flat=True))
    new_households, new_members, new_incomes, new_flags = [], [], [], []
    quota = _village_quota(villages, households)
    for village in villages:
        for seq in range(1, quota[village.pk] + 1):
            household = Household(
                number=f"{village.code}{seq:04d}",
                village=village,
                group_name=rng.choice(GROUPS),
                phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            )
            members = _family(people, rng, household)
            income = _income(rng, household, len(members), income_year)
            flags = _flags(rng, household)
            if household.number in taken:
                continue  # planned identically on the earlier run: nothing to add
            household.head_name, household.member_count = members[0].name, len(members)
            new_households.append(household)
            new_members += members
            new_incomes.append(income)
            new_flags += flags
    Household.objects.bulk_create(new_households, batch_size=2000)
    row: Any
    for row in (*new_members, *new_incomes, *new_flags):
        row.household_id = row.household.pk
    Member.objects.bulk_create(new_members, batch_size=2000)
    IncomeRecord.objects.bulk_create(new_incomes, batch_size=2000)
    HouseholdFlag.objects.bulk_create(new_flags, batch_size=2000)
    latest = (
        IncomeRecord.objects.filter(household=OuterRef("pk")).order_by("-period_end", "-pk").values("pk")[:1]
    )
    Household.objects.filter(village__in=villages, latest_income__isnull=True).update(
        latest_income=Subquery(latest)
    )
    found = _duplicates(county, today) if new_households else 0
    if stdout:
        stdout.write(
            f"households: {len(new_households)} households, {len(new_members)} members, {lines} lines created, "
            f"{found} duplicate candidates"
        )
    return {"households": len(new_households), "members": len(new_members)}


TRADITIONAL = str.maketrans(
    "张刘陈杨黄赵吴孙马郑谢韩冯邓国华强伟军红丽杰涛刚兰东",
    "張劉陳楊黃趙吳孫馬鄭謝韓馮鄧國華強偉軍紅麗傑濤剛蘭東",
)


def _duplicates(county: Region, today: datetime.date) -> int:
    """Plant one pair of each kind in 建龙村 (people registered twice), search the county, and
    resolve two pairs as its cadre would: a 不是同一对象 and a merge. Every state of a candidate
    occurs (open, not the same, merged; gone after the merge)."""
    from accounts.models import User

    from .services.duplicates import duplicate_merge, duplicate_not_same, duplicates_find

    village = Region.objects.get(code=FOCUS_VILLAGES[0])
    sources = list(
        Member.objects.filter(household__village=village, relationship=Relationship.HEAD).order_by("pk")[:40]
    )
    young = (
        Member.objects.filter(household__village=village, birth_date__year__gte=2000).order_by("pk").first()
    )
    if len(sources) < 4 or young is None:
        return 0
    skip = {"id", "household", "person_id", "id_number", "created_at", "updated_at"}
    copied = [f.name for f in Member._meta.concrete_fields if f.name not in skip]

    def twin(
        source: Member, seq: int, *, household=None, relationship=Relationship.HEAD, **changes: Any
    ) -> Member:
        if household is None:
            household = Household.objects.create(
                number=f"{village.code}{seq:04d}",
                village=village,
                group_name=GROUPS[0],
                phone=changes.pop("phone", ""),
            )
        values = {name: getattr(source, name) for name in copied}
        values.update(relationship=relationship, **changes)
        if "id_number" not in values:
            values["id_number"] = synthetic_id("500230", values["birth_date"], seq % 500, source.sex == "男")
        values["person_id"] = values["id_number"]
        member = Member.objects.create(household=household, **values)
        head = household.members.filter(relationship=Relationship.HEAD).values_list("name", flat=True).first()
        Household.objects.filter(pk=household.pk).update(
            head_name=head or "", member_count=household.members.count()
        )
        return member

    # 姓名与出生日期相同: a person registered again as 其他 in a new household (merged below).
    head = twin(sources[2], 9901, name="史大山")
    same = twin(sources[0], 9905, household=head.household, relationship=Relationship.OTHER)
    # 姓名繁简: the first head whose name has a traditional form, registered again in it.
    source = next((m for m in sources[4:] if m.name.translate(TRADITIONAL) != m.name), None)
    if source is not None:
        twin(source, 9902, name=source.name.translate(TRADITIONAL))
    old = young.birth_date.replace(year=young.birth_date.year - 100)  # 15-digit form, other century
    old_id = synthetic_id("500230", old, int(young.person_id[14:17]) // 2, young.sex == "男")
    twin(young, 9903, name="钱" + young.name[1:], birth_date=old, id_number=old_id)  # 15位旧号
    twin(sources[3], 9904, name="史大成", phone=sources[3].household.phone)  # 联系电话相同
    found = duplicates_find(Region.objects.get(pk=county.pk))["found"]
    cadre = User.objects.filter(username="village_a").first()
    if cadre is None:  # the accounts demo did not run: the pairs stay open
        return found
    candidates = DuplicateCandidate.objects.filter(county=county, status=DuplicateCandidate.Status.OPEN)
    variant = candidates.filter(reasons__icontains='"name_variant"', region=village).first()
    if variant is not None:
        duplicate_not_same(candidate=variant, by=cadre, note="核实为两个人，姓名相近")
    pair = candidates.filter(member_b=same).first() or candidates.filter(member_a=same).first()
    if pair is not None:
        # The planted record (the newer one, side b) is dropped, the original kept.
        duplicate_merge(
            candidate=pair, by=cadre, keep="a" if pair.member_b_id == same.pk else "b", note="同一人重复登记"
        )
    return found
