"""监测对象台账 reads 低于监测范围 from the register's one rule (households.selectors; issue 16)."""

import datetime
from decimal import Decimal

import pytest

from households.models import MonitoringLine
from households.selectors import income_status
from households.services import income_record
from ledgers.registry import LEDGERS
from monitoring.models import Case

pytestmark = pytest.mark.django_db


def test_case_ledger_counts_a_current_year_record_like_the_household_page(cadre_a, register, regions):
    today = datetime.date.today()
    MonitoringLine.objects.create(
        year=today.year, region=regions["city"], amount=Decimal(7000), basis="测试", effective_date=today
    )
    case = Case.objects.filter(village=regions["village_a"]).select_related("household").first()
    household = case.household
    assert LEDGERS["cases"].extras["below_line"]([case.pk]) == {case.pk: "无"}  # no record counts yet
    income_record(household=household, by=cadre_a, year=today.year, amounts={"wage": "1000"})
    assert income_status(household).below_line
    assert LEDGERS["cases"].extras["below_line"]([case.pk]) == {case.pk: "是"}
