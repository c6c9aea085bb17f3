"""The nightly run grades only the households whose inputs changed (grading.services.digest).

Every change below is written the way a bulk path or another system writes it — QuerySet.update(),
bulk_create, raw rows — so that no on-commit recompute sees it: only the nightly digest can. Each
one must make the next nightly run grade that household (and only it) and store the grade the
rules give; nothing changed must grade nobody.
"""

import datetime
from decimal import Decimal

import pytest

from clues.models import Clue
from common.models import PolicySetting
from grading.models import GradeInputs, GroupKind, HouseholdGrade, MemberGroup
from grading.services import grades_recompute
from grading.services.digest import digests_build, digests_changed, digests_drop
from households.choices import Assurance, LabourSkill
from households.models import IncomeRecord, Member, Visit
from monitoring.models import Case, CaseRisk

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(line, make_household):
    """Three households graded by a first nightly run, their digests stored."""
    made = [
        make_household(per_capita=30000, able=2),
        make_household(per_capita=30000, able=2),
        make_household(per_capita=30000, able=2, village="village_b"),
    ]
    assert grades_recompute() == 3  # the on-commit grades stored no digest: all three are graded
    assert GradeInputs.objects.count() == 3
    return made


def department_clue(household, status, *, amount: str, key: str, by) -> None:
    """A 医保自付 department clue found 2026-07-01, written behind the signals (bulk_create)."""
    Clue.objects.bulk_create(
        [
            Clue(
                status=status,
                source=Clue.Source.DEPARTMENT,
                rule="medical_self_paid",
                risk_type="因病",
                household=household,
                person_id=household.members.first().person_id,
                evidence={"amount": amount},
                dedupe_key=key,
                found_on=datetime.date(2026, 7, 1),
                dispatch_due=datetime.date(2026, 7, 8),
                created_by=by,
            )
        ]
    )


def nightly_changes() -> list[int]:
    digests_build(datetime.date(2026, 7, 10))
    try:
        return digests_changed()
    finally:
        digests_drop()


def test_nothing_changed_grades_nobody(graded):
    before = list(
        HouseholdGrade.objects.order_by("pk").values_list("grade", "score", "reasons", "computed_at")
    )
    assert grades_recompute() == 0
    after = list(
        HouseholdGrade.objects.order_by("pk").values_list("grade", "score", "reasons", "computed_at")
    )
    assert after == before


def test_income_revised_behind_the_signals(graded):
    household = graded[1]
    IncomeRecord.objects.filter(household=household).update(per_capita_net=Decimal(9000))
    assert nightly_changes() == [household.pk]
    assert grades_recompute() == 1
    grade = HouseholdGrade.objects.get(household=household)
    assert "人均纯收入低于监测范围" in grade.reasons
    assert grades_recompute() == 0  # its new digest is stored


def test_visit_member_group_case_clue_and_household_changes(graded, cadre_a, open_case):
    first, second, third = graded
    checks = {f: Assurance.SECURE for f in Visit.ASSURANCE_FIELDS} | {"water": Assurance.PROBLEM}
    Visit.objects.bulk_create(
        [Visit(household=first, visited_on=datetime.date(2026, 7, 9), visitor=cadre_a, **checks)]
    )
    assert nightly_changes() == [first.pk]
    grades_recompute()
    assert "最近走访发现问题：饮水安全" in HouseholdGrade.objects.get(household=first).reasons

    Member.objects.filter(household=second).update(labour_skill=LabourSkill.NONE)
    assert nightly_changes() == [second.pk]
    grades_recompute()
    assert "家庭成员均无劳动能力" in HouseholdGrade.objects.get(household=second).reasons

    member = third.members.first()
    MemberGroup.objects.bulk_create(
        [
            MemberGroup(
                member=member,
                kind=GroupKind.LEFT_BEHIND_ELDERLY,
                start=datetime.date(2026, 1, 1),
                source="manual",
            )
        ]
    )
    assert nightly_changes() == [third.pk]
    grades_recompute()
    assert "特殊群体：留守老年人" in HouseholdGrade.objects.get(household=third).reasons

    case = open_case(first)
    CaseRisk.objects.bulk_create([CaseRisk(case=case, risk_type="因病")])
    assert nightly_changes() == [first.pk]
    grades_recompute()
    assert "监测中风险：因病" in HouseholdGrade.objects.get(household=first).reasons
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ELIMINATED)
    assert nightly_changes() == [first.pk]
    grades_recompute()
    assert not any(r.startswith("监测中风险") for r in HouseholdGrade.objects.get(household=first).reasons)

    department_clue(second, Clue.Status.NEW, amount="25000.00", key="digest-test", by=cadre_a)
    assert nightly_changes() == [second.pk]
    grades_recompute()
    assert "医保自付超过 2.5 万元" in HouseholdGrade.objects.get(household=second).reasons

    type(third).objects.filter(pk=third.pk).update(group_name="五组")
    assert nightly_changes() == [third.pk]
    grades_recompute()
    assert HouseholdGrade.objects.get(household=third).cell.name == "五组"


def test_time_alone_moves_the_income_out_of_the_window(graded, frozen_today):
    # The records end on 2026-06-30 and the window is 12 months: from 2027-07-01 none is inside it.
    frozen_today.move_to(datetime.datetime(2027, 7, 1, 9, 0))
    assert grades_recompute() == 3
    assert all("收入核算窗口内无收入记录" in g.reasons for g in HouseholdGrade.objects.all())


def test_department_clue_ages_out_after_a_year(graded, cadre_a, frozen_today):
    household = graded[0]
    department_clue(household, Clue.Status.DISPATCHED, amount="5000.00", key="digest-old", by=cadre_a)
    assert grades_recompute() == 1
    assert "医保自付 5000 元" in HouseholdGrade.objects.get(household=household).reasons
    frozen_today.move_to(datetime.datetime(2026, 12, 1, 9, 0))
    assert grades_recompute() == 0  # still within the year, nothing else moved
    frozen_today.move_to(datetime.datetime(2027, 7, 2, 9, 0))
    changed = grades_recompute()
    assert changed == 3  # every income record left its window too
    assert "医保自付 5000 元" not in HouseholdGrade.objects.get(household=household).reasons


def test_a_policy_change_grades_everyone(graded, regions):
    PolicySetting.objects.create(key="grade_w_labour", region=regions["county"], value=Decimal(25))
    assert grades_recompute() == 3


def test_on_commit_grades_leave_the_digest_to_the_night(graded, django_capture_on_commit_callbacks):
    household = graded[0]
    stored = GradeInputs.objects.get(household=household).digest
    with django_capture_on_commit_callbacks(execute=True):
        record = IncomeRecord.objects.get(household=household)
        record.wage = Decimal(9000)
        record.save()
    grade = HouseholdGrade.objects.get(household=household)
    assert "人均纯收入低于监测范围" in grade.reasons  # graded at once by the on-commit recompute
    assert GradeInputs.objects.get(household=household).digest == stored
    assert grades_recompute() == 1  # the night sees the new inputs and stores their digest
    assert grades_recompute() == 0
