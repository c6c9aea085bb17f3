import datetime
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from households.choices import HouseholdFlagKind
from households.models import HouseholdFlag
from households.tests.factories import HouseholdFactory, MemberFactory
from microcredit import services


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def make_borrower(regions):
    """``make_borrower(village=..., former_poor=True, born=...)``: a member of a household."""

    def make(village=None, *, former_poor=True, born=datetime.date(1980, 5, 17)):
        household = HouseholdFactory(village=village or regions["village_a"])
        if former_poor:
            HouseholdFlag.objects.create(
                household=household,
                kind=HouseholdFlagKind.FORMER_POOR,
                exit_year=2019,
                start_date=datetime.date(2019, 12, 31),
            )
        return MemberFactory(household=household, birth_date=born)

    return make


TERMS = {
    "bank": "丰都农村商业银行",
    "amount": Decimal(50000),
    "term_months": 12,
    "annual_rate": Decimal("4.35"),
    "subsidy_rate": Decimal("4.35"),
    "purpose": "发展中蜂养殖",
}


@pytest.fixture
def make_loan(make_borrower, cadre_a, cadre_b, regions):
    """``make_loan(village=..., issued_on=..., **terms)``: registered, and issued when a date is given."""

    def make(village=None, *, issued_on=None, **terms):
        village = village or regions["village_a"]
        by = cadre_a if village == regions["village_a"] else cadre_b
        borrower = make_borrower(village)
        applied = issued_on or datetime.date(2026, 1, 5)
        loan = services.loan_register(borrower=borrower, by=by, applied_on=applied, **{**TERMS, **terms})
        if issued_on:
            services.loan_issue(loan=loan, by=by, issued_on=issued_on)
        return loan

    return make
