"""Bounds of the numbers entering the register live on the model fields; forms, services, the
database and imports all hold them (issue 16, item 5)."""

import datetime
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from common.errors import ServiceError
from households import bounds
from households.forms import IncomeForm, MemberForm
from households.models import IncomeRecord, Member
from households.services import income_record

from .conftest import member_data

pytestmark = pytest.mark.django_db

THIRTEEN_DIGITS = "1234567890123"
YEAR = datetime.date.today().year - 1


def income_post(**kw):
    data = dict.fromkeys(IncomeForm.AMOUNTS, "0")
    return {"period": "year", "year": YEAR, **data, **kw}


def test_income_form_refuses_a_thirteen_digit_wage():
    form = IncomeForm(income_post(wage=THIRTEEN_DIGITS))
    assert not form.is_valid() and "wage" in form.errors
    assert IncomeForm(income_post(wage="999999999999.99")).is_valid()


def test_income_page_refuses_a_thirteen_digit_wage_and_the_household_still_opens(
    client_for, cadre_a, make_household
):
    household = make_household(cadre_a)
    client = client_for(cadre_a)
    page = client.post(reverse("households:income", args=[household.pk]), income_post(wage=THIRTEEN_DIGITS))
    assert page.status_code == 200 and not IncomeRecord.objects.exists()
    assert client.get(reverse("households:detail", args=[household.pk])).status_code == 200


def test_income_service_refuses_a_thirteen_digit_wage(cadre_a, make_household):
    with pytest.raises(ServiceError) as refused:
        income_record(
            household=make_household(cadre_a), by=cadre_a, year=YEAR, amounts={"wage": THIRTEEN_DIGITS}
        )
    assert refused.value.field == "wage"
    assert not IncomeRecord.objects.exists()


def test_income_service_refuses_a_sum_the_net_income_cannot_hold(cadre_a, make_household):
    big = "999999999999"
    with pytest.raises(ServiceError):
        income_record(
            household=make_household(cadre_a),
            by=cadre_a,
            year=YEAR,
            amounts={"wage": big, "business": big},
        )


def test_database_holds_the_money_bound(cadre_a, make_household):
    household = make_household(cadre_a)
    record = IncomeRecord(
        household=household,
        year=YEAR,
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        wage=Decimal(THIRTEEN_DIGITS),
        members=1,
    )
    # PostgreSQL refuses the digits themselves (numeric overflow), SQLite the CheckConstraint.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        record.save()


@pytest.mark.parametrize(("field", "value"), [("months_worked", 13), ("welfare_post_months", 10**12)])
def test_member_form_refuses_months_out_of_a_year(cadre_a, regions, field, value):
    data = {
        "id_type": "居民身份证",
        "ethnicity": "汉族",
        "political_status": "群众",
        "months_worked": 0,
        "welfare_post_months": 0,
    }
    form = MemberForm(member_data(**{**data, field: value}), user=cadre_a)
    assert not form.is_valid() and field in form.errors


def test_database_holds_the_months_bound(cadre_a, make_household):
    member = make_household(cadre_a).members.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(months_worked=13)


def test_bounds_are_read_from_the_model_fields():
    assert bounds.int_range(Member, "months_worked") == {"low": 0, "high": 12}
    assert bounds.value_error(IncomeRecord, "wage", Decimal(THIRTEEN_DIGITS))
    assert bounds.value_error(IncomeRecord, "wage", Decimal("999999999999.99")) is None


@pytest.mark.parametrize(("field", "value"), [("months_worked", 13), ("welfare_post_months", 10**12)])
def test_register_service_refuses_months_out_of_a_year(cadre_a, regions, field, value):
    """The member rules (households.rules) hold the bounds for every caller of the services."""
    from households.services import household_create

    with pytest.raises(ServiceError) as refused:
        household_create(
            by=cadre_a, village=regions["village_a"], data={}, members=[member_data(**{field: value})]
        )
    assert refused.value.field == f"members.0.{field}"
    assert not Member.objects.exists()
