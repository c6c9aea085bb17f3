import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ServiceError
from households.models import Household, MonitoringLine
from households.selectors import income_status
from households.services import income_record, monitoring_line_set

TODAY = datetime.date.today()
YEAR = TODAY.year - 1 if TODAY.month < 12 else TODAY.year


def amounts(**kw):
    base = {
        "wage": "12000",
        "business": "3000.50",
        "property": "0",
        "transfer": "1200",
        "business_expense": "1000",
    }
    return {**base, **kw}


@pytest.fixture
def lines(regions, superuser):
    city = monitoring_line_set(
        by=superuser,
        year=YEAR,
        region=regions["city"],
        amount=Decimal(7000),
        basis="演示",
        effective_date=TODAY,
    )
    return city


def test_per_capita_net_income_is_four_incomes_minus_business_expense(cadre_a, make_household):
    household = make_household(cadre_a)  # two members
    record = income_record(household=household, by=cadre_a, year=YEAR, amounts=amounts())
    assert record.net_income == Decimal("15200.50")
    assert record.per_capita_net == Decimal("7600.25")
    # 理赔收入 and 合规自付支出 are recorded but not part of 纯收入 (SPEC 3).
    again = income_record(
        household=household,
        by=cadre_a,
        year=YEAR,
        amounts=amounts(insurance_claims="900", compliant_self_paid="5000"),
        replace=True,
    )
    assert again.pk == record.pk and again.per_capita_net == Decimal("7600.25")


def test_per_capita_rounds_half_up_to_cents(cadre_a, make_household):
    household = make_household(cadre_a)
    record = income_record(
        household=household,
        by=cadre_a,
        year=YEAR,
        members=3,
        amounts={
            "wage": "10000",
            "business": "0",
            "property": "0",
            "transfer": "0.01",
            "business_expense": "0",
        },
    )
    assert record.per_capita_net == Decimal("3333.34")


def test_rolling_window_follows_policy_months(cadre_a, make_household):
    household = make_household(cadre_a)
    end = TODAY - datetime.timedelta(days=3)
    record = income_record(
        household=household, by=cadre_a, period="rolling", period_end=end, amounts=amounts()
    )
    assert record.period_end == end
    assert (end - record.period_start).days in range(364, 367)


def test_negative_amount_is_refused(cadre_a, make_household):
    with pytest.raises(ServiceError, match="不能为负数"):
        income_record(household=make_household(cadre_a), by=cadre_a, year=YEAR, amounts=amounts(wage="-1"))


def test_income_below_city_line_is_flagged_and_listed(cadre_a, make_household, lines):
    household = make_household(cadre_a)
    income_record(household=household, by=cadre_a, year=YEAR, amounts=amounts())  # 7600.25
    assert not income_status(household, on=datetime.date(YEAR, 12, 31)).below_line
    poorer = make_household(cadre_a)
    income_record(household=poorer, by=cadre_a, year=YEAR, amounts=amounts(wage="8000"))  # 5600.25
    on = datetime.date(YEAR, 12, 31)
    assert income_status(poorer, on=on).below_line
    assert list(Household.objects.below_line(on=on)) == [poorer]


def test_county_override_replaces_city_line(cadre_a, county_user, make_household, lines, regions):
    household = make_household(cadre_a)
    income_record(household=household, by=cadre_a, year=YEAR, amounts=amounts())  # 7600.25 > city 7000
    monitoring_line_set(
        by=county_user,
        year=YEAR,
        region=regions["county"],
        amount=Decimal(8000),
        basis="县定",
        effective_date=TODAY,
    )
    on = datetime.date(YEAR, 12, 31)
    assert income_status(household, on=on).line.amount == Decimal(8000)
    assert list(Household.objects.below_line(on=on)) == [household]


def test_county_line_may_not_undercut_city_or_floor(county_user, lines, regions):
    with pytest.raises(ServiceError, match="不得低于上级"):
        monitoring_line_set(
            by=county_user,
            year=YEAR,
            region=regions["county"],
            amount=Decimal(6500),
            basis="x",
            effective_date=TODAY,
        )
    with pytest.raises(ServiceError, match="6000"):
        monitoring_line_set(
            by=county_user,
            year=YEAR + 1,
            region=regions["county"],
            amount=Decimal(5000),
            basis="x",
            effective_date=TODAY,
        )


def test_only_county_users_set_lines_and_history_names_them(county_user, cadre_a, regions):
    with pytest.raises(PermissionDenied):
        monitoring_line_set(
            by=cadre_a,
            year=YEAR,
            region=regions["county"],
            amount=Decimal(7000),
            basis="x",
            effective_date=TODAY,
        )
    with pytest.raises(PermissionDenied):  # the city line is above a county user's scope
        monitoring_line_set(
            by=county_user,
            year=YEAR,
            region=regions["city"],
            amount=Decimal(7000),
            basis="x",
            effective_date=TODAY,
        )
    line = monitoring_line_set(
        by=county_user,
        year=YEAR,
        region=regions["county"],
        amount=Decimal(7000),
        basis="x",
        effective_date=TODAY,
    )
    monitoring_line_set(
        by=county_user,
        year=YEAR,
        region=regions["county"],
        amount=Decimal(7100),
        basis="y",
        effective_date=TODAY,
    )
    assert MonitoringLine.objects.get(pk=line.pk).amount == Decimal(7100)
    assert [h.amount for h in line.history.order_by("history_date")] == [Decimal(7000), Decimal(7100)]
    assert line.history.first().history_user == county_user


def test_a_stored_year_is_replaced_only_when_asked(cadre_a, make_household):
    from common.errors import ServiceError

    household = make_household(cadre_a)
    income_record(household=household, by=cadre_a, year=YEAR, amounts=amounts())
    with pytest.raises(ServiceError) as refused:
        income_record(household=household, by=cadre_a, year=YEAR, amounts=amounts(wage="1"))
    assert refused.value.code == "exists" and refused.value.field == "replace"
