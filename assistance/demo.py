"""Demo measures and 帮扶责任人 for the demo cases (runs after the monitoring demo).

Deterministic from ``seed``; a case that already has a contact assignment was handled by an
earlier run and is skipped, so running twice changes nothing. Some cases deliberately break each
rule of ``assistance.rules`` so the warnings and data-quality findings have something to show.
"""

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from households.choices import ABLE_TO_WORK, RiskType
from households.models import Member
from monitoring.models import Case, CaseRisk

from .catalogue import load_catalogue
from .models import CaseContact, Contact, HousingProblem, Measure, MeasureCategory
from .rules import catalogue_items, suggest_measures

CONTACT_NAMES = "周红 吴斌 郑丽 冯涛 陈静 褚军 卫华 蒋勇 沈燕 韩磊 杨帆 朱敏".split()
UNITS = ["县农业农村委", "县人力社保局", "县民政局", "县卫生健康委", "县水利局", "乡人民政府", "县供销社"]
# The first sub-type of each category is what a cadre would usually pick.
CONTENT = {
    "industry": "发展中蜂养殖 20 群，技术员上门指导",
    "employment": "推荐到县内就业帮扶车间务工",
    "finance": "办理扶贫小额信贷 3 万元",
    "welfare_post": "安排乡村公益性岗位（保洁员）",
    "health": "落实家庭医生签约和慢病报销",
    "compulsory_education": "落实义务教育阶段学生资助",
    "other_education": "申请雨露计划补助",
    "social_security": "纳入农村低保",
    "housing": "实施农村危房改造",
    "water": "接通集中供水管网",
    "social_aid": "对接消费帮扶销售农产品",
    "relocation": "实施避险搬迁",
    "living_conditions": "改厨改厕",
    "infrastructure": "修建入户便道",
    "motivation": "开展扶志扶智宣讲",
}


@transaction.atomic
def build(*, stdout, seed: int = 2026, **_) -> None:
    cases = list(
        Case.objects.monitored()
        .filter(contacts__isnull=True)
        .select_related("village", "created_by")
        .order_by("pk")
    )
    if not Case.objects.exists():
        stdout.write("  [assistance] 没有演示监测对象（监测演示数据未生成），未创建帮扶措施。")
        return
    if not cases:
        return  # an earlier run handled every case
    rng = random.Random(seed)
    today = timezone.localdate()
    load_catalogue(MeasureCategory)  # a database emptied by hand (or a test's flush) lost it
    categories = {c.code: c for c in MeasureCategory.objects.order_by("-order")}
    first_child = {c.parent_id: c for c in categories.values() if c.parent_id}
    catalogue = catalogue_items()
    risks = defaultdict(list)
    for case_id, risk in CaseRisk.objects.filter(case__in=[c.pk for c in cases]).values_list(
        "case_id", "risk_type"
    ):
        risks[case_id].append(risk)
    able = set(
        Member.objects.filter(
            household__in=[c.household_id for c in cases],
            removed_on__isnull=True,
            labour_skill__in=ABLE_TO_WORK,
        ).values_list("household_id", flat=True)
    )
    contact_user = User.objects.filter(username="township").first()
    # Each rule broken at least once, on the first cases where it can be.
    to_break = ["only_security", "water", "housing", "no_measure"]
    contacts, assignments, measures = {}, [], []
    for case in cases:
        start = case.enrolled_on or case.found_on
        key = (case.village_id, rng.randrange(3))
        if key not in contacts:
            name = rng.choice(CONTACT_NAMES)
            contacts[key] = Contact(
                name=name,
                unit=rng.choice(UNITS),
                phone=f"139{rng.randrange(10**8):08d}",
                region=case.village,
                user=contact_user if case.village.code.startswith("500230201") and key[1] == 0 else None,
            )
        assignments.append((case, key, start))
        case_risks = risks.get(case.pk, [RiskType.OTHER])
        can_break = {
            "only_security": case.household_id in able,
            "water": RiskType.WATER in case_risks,
            "housing": RiskType.HOUSING in case_risks,
            "no_measure": True,
        }
        breaking = next((rule for rule in to_break if can_break[rule]), "")
        if breaking:
            to_break.remove(breaking)
        if breaking == "no_measure" or (not breaking and rng.random() < 0.05):
            continue  # no measure: breaks "measure_within_days" once the deadline has passed
        if breaking == "only_security":
            codes = ["social_security"]
        else:
            codes = [s.item.code for s in suggest_measures(case_risks, case.household_id in able, catalogue)]
            skip = {"water": "water", "housing": ("housing", "relocation")}.get(breaking, ())
            codes = [c for c in codes if c not in skip] or ["motivation"]
        for code in codes:
            category = categories[code]
            if rng.random() < 0.6:  # a cadre usually records the sub-type
                category = first_child.get(category.pk, category)
            measures.append(_measure(rng, case, category, start, today))
    Contact.objects.bulk_create(contacts.values())
    # The first case's contact has left (an ended assignment): it breaks "monitored_without_contact"
    # yet counts as handled, so a second run still changes nothing.
    ended = max(assignments[0][2], today - datetime.timedelta(days=1)) if assignments else None
    bulk_create_with_history(
        [
            CaseContact(
                case=c,
                contact=contacts[k],
                start_date=s,
                created_by=c.created_by,
                end_date=ended if i == 0 else None,
            )
            for i, (c, k, s) in enumerate(assignments)
        ],
        CaseContact,
    )
    bulk_create_with_history(measures, Measure)
    problems = _housing_problems(rng, [c for c in cases if RiskType.HOUSING in risks.get(c.pk, ())], today)
    bulk_create_with_history(problems, HousingProblem)
    stdout.write(
        f"  [assistance] {len(measures)} 项帮扶措施，{len(assignments)} 个帮扶责任人安排，"
        f"{len(problems)} 个住房安全问题"
    )


def _housing_problems(rng: random.Random, cases: list[Case], today: datetime.date) -> list[HousingProblem]:
    """One housing problem per case at risk 因安全住房, spread over the ledger's states."""
    S = HousingProblem.Status
    problems = []
    for i, case in enumerate(cases):
        found = case.found_on
        status = (S.REGISTERED, S.FIXING, S.AWAITING, S.STRUCK_OFF)[i % 4]
        fixed = status in (S.AWAITING, S.STRUCK_OFF)
        problems.append(
            HousingProblem(
                household_id=case.household_id,
                found_on=found,
                source=rng.choice(HousingProblem.Source.values),
                description="墙体开裂，屋面漏雨",
                grade=rng.choice(("C", "D", "")),
                assigned_unit="乡建设环保办" if status != S.REGISTERED else "",
                status=status,
                fix_note="实施危房改造，加固墙体并翻修屋面" if fixed else "",
                fixed_on=min(found + datetime.timedelta(days=60), today) if fixed else None,
                verify_note="现场核验，住房安全有保障" if status == S.STRUCK_OFF else "",
                struck_off_on=today if status == S.STRUCK_OFF else None,
                created_by=case.created_by,
            )
        )
    return problems


def _measure(
    rng: random.Random, case: Case, category: MeasureCategory, start: datetime.date, today
) -> Measure:
    """A measure in a plausible state: mostly under way or done, some planned, a few overdue."""
    planned_start = start + datetime.timedelta(days=rng.randrange(3, 20))
    planned_end = planned_start + datetime.timedelta(days=rng.choice([30, 60, 90, 180]))
    roll = rng.random()
    status = (
        Measure.Status.COMPLETED
        if roll < 0.35
        else Measure.Status.IMPLEMENTING
        if roll < 0.8
        else Measure.Status.PLANNED
    )
    actual_start = min(planned_start, today) if status != Measure.Status.PLANNED else None
    actual_end = min(planned_end, today) if status == Measure.Status.COMPLETED else None
    return Measure(
        case=case,
        category=category,
        content=CONTENT.get(category.code.split(".")[0], category.name),
        responsible_unit=rng.choice(UNITS),
        amount=rng.choice([None, 500, 1200, 3000, 30000]),
        funding_source=rng.choice(["财政衔接资金", "行业部门资金", "东西部协作资金", ""]),
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        status=status,
        effect="已见成效" if status == Measure.Status.COMPLETED else "",
        created_by=case.created_by,
    )
