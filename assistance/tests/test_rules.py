import datetime
from decimal import Decimal

import pytest

from assistance.models import Measure, MeasureCategory
from assistance.rules import (
    case_warnings,
    cases_missing_housing_measure,
    cases_missing_water_measure,
    cases_only_security_while_able,
    cases_without_timely_measure,
    catalogue_items,
    suggest_measures,
)
from common.models import PolicySetting
from common.quality import REGISTRY
from monitoring.models import Case


def codes(suggestions):
    return [s.item.code for s in suggestions]


@pytest.fixture
def catalogue(db):
    return catalogue_items()


def add_measure(case, code, user, status="implementing"):
    return Measure.objects.create(
        case=case,
        category=MeasureCategory.objects.get(code=code),
        content="x",
        status=status,
        created_by=user,
    )


# -- suggestions -------------------------------------------------------------------------------


def test_single_risk_gets_one_targeted_development_measure_when_able(catalogue):
    assert codes(suggest_measures(["因务工就业不稳"], True, catalogue)) == ["employment"]


def test_single_illness_risk_gets_health_assistance_only(catalogue):
    assert codes(suggest_measures(["因病"], True, catalogue)) == ["health"]


def test_several_risks_get_a_package_with_development_first(catalogue):
    result = suggest_measures(["因病", "因学", "因安全饮水"], True, catalogue)
    assert codes(result)[0] == "industry"  # able to work: a development measure leads the package
    assert set(codes(result)) == {"industry", "health", "compulsory_education", "water"}
    assert next(s for s in result if s.item.code == "water").risks == ["因安全饮水"]


def test_package_merges_risks_sharing_one_measure(catalogue):
    result = suggest_measures(["因产业项目失败", "因自然灾害"], True, catalogue)
    assert codes(result) == ["industry"]
    assert result[0].risks == ["因产业项目失败", "因自然灾害"]


def test_nobody_able_to_work_gets_comprehensive_security_and_no_development(catalogue):
    result = suggest_measures(["因务工就业不稳", "因学"], False, catalogue)
    assert codes(result)[0] == "social_security"
    assert "employment" not in codes(result)
    assert "compulsory_education" in codes(result)


def test_lack_of_labour_without_able_members_is_covered_by_comprehensive_security(catalogue):
    assert codes(suggest_measures(["缺劳动力"], False, catalogue)) == ["social_security"]


def test_inactive_categories_are_not_suggested(db):
    MeasureCategory.objects.filter(code="employment").update(active=False)
    assert "employment" not in codes(suggest_measures(["因务工就业不稳"], True, catalogue_items()))


# -- warnings ----------------------------------------------------------------------------------


def test_no_implemented_measure_after_measure_days_is_flagged(make_case, cadre_a):
    today = datetime.date(2026, 3, 1)
    late = make_case(enrolled_on=today - datetime.timedelta(days=31))
    recent = make_case(enrolled_on=today - datetime.timedelta(days=29))
    helped = make_case(enrolled_on=today - datetime.timedelta(days=60))
    planned_only = make_case(enrolled_on=today - datetime.timedelta(days=60))
    add_measure(helped, "health", cadre_a)
    add_measure(planned_only, "health", cadre_a, status="planned")
    found = set(cases_without_timely_measure(Case.objects.all(), today=today))
    assert found == {late, planned_only}
    assert recent not in found


def test_measure_days_follow_the_county_policy(make_case, regions):
    today = datetime.date(2026, 3, 1)
    case = make_case(enrolled_on=today - datetime.timedelta(days=20))
    assert not cases_without_timely_measure(Case.objects.all(), today=today).exists()
    PolicySetting.objects.create(key="measure_days", region=regions["county"], value=Decimal(15))
    assert list(cases_without_timely_measure(Case.objects.all(), today=today)) == [case]
    # a deeper override (the township) wins over the county's
    PolicySetting.objects.create(key="measure_days", region=regions["township"], value=Decimal(25))
    assert not cases_without_timely_measure(Case.objects.all(), today=today).exists()


def test_only_comprehensive_security_for_an_able_household_is_flagged(make_case, cadre_a):
    able = make_case(able=True)
    unable = make_case(able=False)
    mixed = make_case(able=True)
    for case in (able, unable, mixed):
        add_measure(case, "social_security.dibao", cadre_a)
    add_measure(mixed, "employment.training", cadre_a, status="planned")
    assert list(cases_only_security_while_able(Case.objects.all())) == [able]


def test_cancelled_development_measure_does_not_count(make_case, cadre_a):
    case = make_case(able=True)
    add_measure(case, "social_security", cadre_a)
    add_measure(case, "employment", cadre_a, status="cancelled")
    assert list(cases_only_security_while_able(Case.objects.all())) == [case]


def test_water_risk_without_water_measure_is_flagged(make_case, cadre_a):
    dry = make_case(risks=["因安全饮水"])
    served = make_case(risks=["因安全饮水"])
    make_case(risks=["因病"])
    add_measure(served, "water.supply_project", cadre_a, status="planned")
    add_measure(dry, "housing", cadre_a)
    assert list(cases_missing_water_measure(Case.objects.all())) == [dry]


def test_housing_risk_accepts_housing_or_relocation(make_case, cadre_a):
    unsafe = make_case(risks=["因安全住房"])
    rebuilt = make_case(risks=["因安全住房"])
    moved = make_case(risks=["因安全住房"])
    add_measure(rebuilt, "housing.renovation", cadre_a)
    add_measure(moved, "relocation", cadre_a)
    assert list(cases_missing_housing_measure(Case.objects.all())) == [unsafe]


def test_rules_ignore_cases_no_longer_monitored(make_case):
    make_case(risks=["因安全饮水"], status=Case.Status.ELIMINATED)
    make_case(risks=["因安全饮水"], status=Case.Status.ENROLLING)
    assert not cases_missing_water_measure(Case.objects.all()).exists()


def test_case_warnings_list_the_rules_broken(make_case, cadre_a):
    case = make_case(risks=["因安全饮水", "因安全住房"], enrolled_on=datetime.date(2020, 1, 1))
    add_measure(case, "social_security.dibao", cadre_a)
    assert {r.code for r in case_warnings(case)} == {
        "only_security_for_able",
        "water_risk_without_water_measure",
        "housing_risk_without_housing_measure",
        "monitored_without_contact",  # no 帮扶责任人 assigned
    }


def test_checks_are_registered_and_scoped(make_case, regions, cadre_a, cadre_b):
    make_case(risks=["因安全饮水"])
    for code in (
        "measure_within_days",
        "only_security_for_able",
        "water_risk_without_water_measure",
        "housing_risk_without_housing_measure",
    ):
        assert REGISTRY[code].model == "monitoring.Case"
    check = REGISTRY["water_risk_without_water_measure"]
    assert check.run(cadre_a).count() == 1
    assert check.run(cadre_b).count() == 0
