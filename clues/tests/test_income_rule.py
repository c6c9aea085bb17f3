"""Department matching reads a household's income by the register's rule: a current-year record
counts at once (households.selectors.counting_income; issue 16, item 5)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from clues.tests.conftest import csv_bytes
from households.models import IncomeRecord, MonitoringLine

from .test_rules import DAY, clue_names


def test_a_current_year_record_above_the_line_keeps_a_recipient_from_a_clue(
    regions, county_user, member_in, upload
):
    today = timezone.localdate()
    MonitoringLine.objects.create(
        year=today.year, region=regions["county"], amount=Decimal(7000), effective_date=today
    )
    above = member_in(regions["village_a"], name="甲", dibao=True)
    IncomeRecord.objects.create(
        household=above.household,
        year=today.year,
        period_start=datetime.date(today.year, 1, 1),
        period_end=max(datetime.date(today.year, 12, 31), today + datetime.timedelta(days=1)),
        wage=Decimal(9000),
        members=1,
    )
    below = member_in(regions["village_a"], name="乙", dibao=True)
    rows = [[m.person_id, m.name, "低保", DAY, ""] for m in (above, below)]
    done = upload(county_user, "civil_assistance", csv_bytes("civil_assistance", rows))
    assert clue_names(done) == ["乙"]
