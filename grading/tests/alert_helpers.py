"""Helpers of the area-alert tests: graded households made directly (no recompute)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from clues.models import Clue
from grading.models import GridCell, HouseholdGrade
from households.models import IncomeRecord
from households.tests.factories import HouseholdFactory


def graded(village, grade="green", n=1, due=None):
    """``n`` households of ``village`` graded ``grade`` (due today unless ``due`` is given)."""
    cell, _ = GridCell.objects.get_or_create(village=village, name="一组")
    rows = []
    for _i in range(n):
        household = HouseholdFactory(village=village)
        HouseholdGrade.objects.create(
            household=household,
            grade=grade,
            score={"red": 70, "orange": 40, "yellow": 20}.get(grade, 0),
            reasons=["测试理由"],
            computed_at=timezone.now(),
            cell=cell,
            visit_interval=7,
            visit_basis="测试",
            next_visit_due=due or timezone.localdate(),
        )
        rows.append(household)
    return rows


def clue(household, risk="因自然灾害", found_on=None):
    today = timezone.localdate()
    return Clue.objects.create(
        household=household,
        source=Clue.Source.DEPARTMENT,
        rule="test",
        risk_type=risk,
        found_on=found_on or today,
        dispatch_due=today + datetime.timedelta(days=3),
    )


def income(household, per_capita, year):
    return IncomeRecord.objects.create(
        household=household,
        year=year,
        period_start=datetime.date(year - 1, 7, 1),
        period_end=datetime.date(year, 6, 30),
        wage=Decimal(per_capita),
        members=1,
    )
