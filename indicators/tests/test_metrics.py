import datetime
from decimal import Decimal

from households.choices import Education, SchoolStatus
from households.tests.factories import MemberFactory
from indicators import tasks
from indicators.metrics import assistance_rate_of, compulsory_dropouts_of, medical_insurance_rate_of
from indicators.models import Actual, ComputedValue, Metric
from indicators.services import computed_refresh
from monitoring.models import Case

ON = datetime.date(2026, 9, 1)


def _known_dataset(make_case):
    """栗子乡: 3 monitored (2 with an implemented measure), 1 exiting with one, 1 eliminated, 1
    enrolling; 江池镇: 1 monitored without."""
    make_case("village_a", Case.Status.MONITORED, measures=["completed"])
    make_case("village_a", Case.Status.MONITORED, measures=["planned", "cancelled"])
    make_case("village_b", Case.Status.MONITORED, measures=["implementing"])
    make_case("village_b", Case.Status.EXITING, measures=["completed"])
    make_case("village_a", Case.Status.ELIMINATED, measures=["completed"])
    make_case("village_a", Case.Status.ENROLLING, step=2)
    make_case("village_c", Case.Status.MONITORED)


def test_assistance_rate_per_region_on_a_known_dataset(regions, make_case):
    _known_dataset(make_case)
    assert assistance_rate_of(regions["township"], ON) == (3, 4)
    assert assistance_rate_of(regions["other_township"], ON) == (0, 1)
    assert assistance_rate_of(regions["county"], ON) == (3, 5)
    assert assistance_rate_of(regions["other_county"], ON) == (0, 0)


def test_compulsory_dropouts_count_school_age_members_out_of_school(regions, make_case):
    case = make_case("village_a", Case.Status.MONITORED)
    household = case.household
    MemberFactory(
        household=household,
        relationship="之子",
        birth_date=datetime.date(2014, 5, 1),
        education="",
        school_status=SchoolStatus.PRIMARY,
    )
    MemberFactory(
        household=household,
        relationship="之女",
        birth_date=datetime.date(2012, 1, 1),
        education=Education.PRIMARY,
        school_status="",
    )  # 14, left school: a dropout
    MemberFactory(
        household=household,
        relationship="之孙子",
        birth_date=datetime.date(2021, 1, 1),
        education="",
        school_status=SchoolStatus.PRESCHOOL,
    )  # 5: too young
    MemberFactory(
        household=household,
        relationship="之孙女",
        birth_date=datetime.date(2010, 9, 1),
        education=Education.JUNIOR,
        school_status="",
    )  # 16 on the day: too old
    eliminated = make_case("village_a", Case.Status.ELIMINATED)
    MemberFactory(
        household=eliminated.household,
        relationship="之子",
        birth_date=datetime.date(2013, 1, 1),
        education=Education.PRIMARY,
        school_status="",
    )  # not a monitored household
    assert compulsory_dropouts_of(regions["county"], ON) == (1, 2)


def test_refresh_stores_values_per_region_and_year_and_fills_bound_actuals(plans, regions, make_case):
    _known_dataset(make_case)
    computed_refresh(year=2026, on=ON)
    stored = ComputedValue.objects.get(metric=Metric.ASSISTANCE_RATE, region=regions["county"], year=2026)
    assert (stored.numerator, stored.denominator, stored.percent) == (3, 5, Decimal("60.00"))
    assert ComputedValue.objects.filter(region=regions["township"], year=2026).count() == len(Metric)
    fengdu = plans["fengdu-2021"].indicators.get(name="监测户帮扶率")
    actual = Actual.objects.get(indicator=fengdu, region=regions["county"], year=2026)
    assert actual.computed and actual.value == Decimal("60.00")
    # The city plan gets the city's figure and 丰都's own.
    city = plans["chongqing-2021"].indicators.get(order=21)
    assert set(Actual.objects.filter(indicator=city).values_list("region__code", flat=True)) == {
        "500000000000",
        "500230000000",
    }


def test_refresh_twice_writes_no_new_history(plans, regions, make_case):
    _known_dataset(make_case)
    computed_refresh(year=2026, on=ON)
    before = Actual.history.count()
    tasks.computed_refresh.delay(2026)
    assert Actual.history.count() == before
    assert ComputedValue.objects.filter(year=2026).count() == len(Metric) * 5  # city, 2 counties, 2 townships


def _insurance_dataset(make_case, regions):
    """village_a: a monitored household (2 insured, 1 未参保, 1 removed 未参保), a 脱贫户 (1
    职工医保, 1 未参保), a household neither monitored nor 脱贫 (1 未参保: not counted);
    village_c: a monitored household (1 insured). An eliminated case's household is not counted."""
    from households.choices import HouseholdFlagKind
    from households.models import HouseholdFlag
    from households.tests.factories import HouseholdFactory

    monitored = make_case("village_a", Case.Status.MONITORED).household
    MemberFactory(household=monitored)
    MemberFactory(household=monitored, relationship="配偶")
    MemberFactory(household=monitored, relationship="之子", medical_insurance="未参保")
    MemberFactory(
        household=monitored,
        relationship="之女",
        medical_insurance="未参保",
        removed_on=datetime.date(2026, 1, 1),
        removal_reason="moved",
    )
    poor = HouseholdFactory(village=regions["village_a"])
    HouseholdFlag.objects.create(household=poor, kind=HouseholdFlagKind.FORMER_POOR, exit_year=2019)
    MemberFactory(household=poor, medical_insurance="职工医保")
    MemberFactory(household=poor, relationship="配偶", medical_insurance="未参保")
    MemberFactory(household=HouseholdFactory(village=regions["village_a"]), medical_insurance="未参保")
    eliminated = make_case("village_a", Case.Status.ELIMINATED).household
    MemberFactory(household=eliminated, medical_insurance="未参保")
    MemberFactory(household=make_case("village_c", Case.Status.MONITORED).household)


def test_medical_insurance_rate_on_a_known_dataset(regions, make_case):
    _insurance_dataset(make_case, regions)
    assert medical_insurance_rate_of(regions["township"], ON) == (3, 5)
    assert medical_insurance_rate_of(regions["other_township"], ON) == (1, 1)
    assert medical_insurance_rate_of(regions["county"], ON) == (4, 6)


def test_medical_insurance_rate_is_bound_to_its_plan_row(plans, regions, make_case):
    _insurance_dataset(make_case, regions)
    row = plans["fengdu-2021"].indicators.get(name="农村人口基本医保参保率")
    assert row.metric == Metric.MEDICAL_INSURANCE_RATE
    computed_refresh(year=2026, on=ON)
    actual = Actual.objects.get(indicator=row, region=regions["county"], year=2026)
    assert actual.computed and actual.value == Decimal("66.67")
