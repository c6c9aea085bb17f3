import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.urls import reverse

from assistance.models import Measure, MeasureCategory
from common.quality import REGISTRY
from households.models import Member
from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.models import Case, CaseRisk, QualityCount
from monitoring.quality import quality_snapshot

TODAY = datetime.date.today()


def run(code, user=None):
    return set(REGISTRY[code].run(user).values_list("pk", flat=True))


def case_for(household, by, *risks, status=Case.Status.MONITORED, enrolled_on=None, eliminated_on=None):
    case = Case.objects.create(household=household, village=household.village, category="边缘易致贫户",
                               channel="农户自主申报", status=status, step=0, found_on=TODAY, deadline=TODAY,
                               enrolled_on=enrolled_on or TODAY, eliminated_on=eliminated_on, created_by=by)  # fmt: skip
    CaseRisk.objects.bulk_create(CaseRisk(case=case, risk_type=r) for r in risks)
    return case


def category(code, name, kind="security", parent=None, comprehensive=False):
    return MeasureCategory.objects.create(code=code, name=name, kind=kind, parent=parent,
                                          is_comprehensive_security=comprehensive)  # fmt: skip


def measure(case, cat, by, status="implementing"):
    return Measure.objects.create(case=case, category=cat, content="x", status=status, created_by=by)


@pytest.fixture
def household(regions):
    household = HouseholdFactory(village=regions["village_a"])
    MemberFactory(household=household)
    return household


def test_lack_of_labour_while_everyone_can_work(household, cadre_a):
    case = case_for(household, cadre_a, "缺劳动力")
    assert run("case_lack_labour_all_able") == {case.pk}
    MemberFactory(household=household, relationship="之父", labour_skill="丧失劳动力")
    assert run("case_lack_labour_all_able") == set()


def test_no_development_measure_one_month_after_enrolment(household, cadre_a):
    fresh = case_for(household, cadre_a, "因病", enrolled_on=TODAY - datetime.timedelta(days=10))
    old = case_for(
        HouseholdFactory(village=household.village),
        cadre_a,
        "因病",
        enrolled_on=TODAY - relativedelta(months=2),
    )
    assert run("case_no_development_measure") == {old.pk}
    parent = category("jy", "就业帮扶", kind="development")
    measure(old, category("jy1", "技能培训", kind="other", parent=parent), cadre_a)
    assert run("case_no_development_measure") == set()
    assert fresh.pk not in run("case_no_development_measure")


def test_elimination_in_month_of_enrolment_or_next(household, cadre_a, regions):
    jan = datetime.date(2025, 1, 20)
    soon = case_for(
        household,
        cadre_a,
        "因病",
        status="eliminated",
        enrolled_on=jan,
        eliminated_on=datetime.date(2025, 2, 28),
    )
    later = case_for(HouseholdFactory(village=household.village), cadre_a, "因病", status="eliminated",
                     enrolled_on=datetime.date(2024, 12, 5), eliminated_on=datetime.date(2025, 2, 1))  # fmt: skip
    assert run("case_eliminated_too_soon") == {soon.pk}
    assert later.pk not in run("case_eliminated_too_soon")


def test_head_count_not_one(regions):
    none = HouseholdFactory(village=regions["village_a"])
    one = HouseholdFactory(village=regions["village_a"])
    MemberFactory(household=one)
    assert run("household_head_count") >= {none.pk} and one.pk not in run("household_head_count")


def test_uninsured_member(household):
    member = MemberFactory(household=household, relationship="之子", medical_insurance="未参保")
    assert run("member_uninsured") == {member.pk}


def test_education_and_school_both_or_neither_in_imported_rows(household):
    both = MemberFactory(household=household, relationship="之子")
    fine = MemberFactory(household=household, relationship="之女")
    # The database forbids this row; write it around the constraint as a raw import could.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:  # DDL is transactional on PostgreSQL: the test's rollback restores the constraint
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before the DDL
            cursor.execute("ALTER TABLE households_member DROP CONSTRAINT member_education_xor_school")
    try:
        Member.objects.filter(pk=both.pk).update(school_status="小学")
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
    assert run("member_education_school_both_or_neither") == {both.pk}
    assert fine.pk not in run("member_education_school_both_or_neither")


def test_head_and_spouse_of_same_sex(household):
    MemberFactory(household=household, relationship="配偶", sex="男")
    assert run("household_head_spouse_same_sex") == {household.pk}


def test_checks_are_scoped(household, cadre_b, cadre_a):
    case = case_for(household, cadre_a, "缺劳动力")
    assert run("case_lack_labour_all_able", cadre_b) == set()
    assert run("case_lack_labour_all_able", cadre_a) == {case.pk}


def test_nightly_snapshot_counts_per_village_and_is_idempotent(household, cadre_a, regions):
    case_for(household, cadre_a, "缺劳动力")
    quality_snapshot()
    quality_snapshot()
    row = QualityCount.objects.get(code="case_lack_labour_all_able")
    assert (row.village, row.count) == (regions["village_a"], 1)


def test_quality_page_lists_findings_with_links_in_scope(
    client_for, household, cadre_a, township_user, regions
):
    case = case_for(household, cadre_a, "缺劳动力")
    body = client_for(township_user).get(reverse("monitoring:quality")).content.decode()
    assert "家庭成员均有劳动能力" in body and case.get_absolute_url() in body
    assert client_for(cadre_a).get(reverse("monitoring:quality")).status_code == 403
