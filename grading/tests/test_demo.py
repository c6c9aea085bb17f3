import datetime
import io

import pytest

from grading import demo
from grading.models import HouseholdGrade, MemberGroup

pytestmark = pytest.mark.django_db


def test_demo_grades_every_household_and_flags_some_groups_once(line, make_household):
    elderly = make_household(per_capita=30000, birth_date=datetime.date(1940, 1, 1))
    make_household(per_capita=9000)
    HouseholdGrade.objects.all().delete()
    demo.build(stdout=io.StringIO())
    assert HouseholdGrade.objects.count() == 2
    assert MemberGroup.objects.filter(member__household=elderly, kind="left_behind_elderly").exists()
    demo.build(stdout=io.StringIO())
    assert MemberGroup.objects.filter(source="manual").count() == 1


def test_demo_opens_acknowledges_and_closes_area_alerts(line, make_household, regions):
    from conftest import make_user
    from grading.models import AreaAlert

    make_user("township", "township", regions["township"])
    make_user("county", "county", regions["county"])
    for village in ("village_a", "village_b", "village_c"):
        make_household(per_capita=5000, able=0, unable=2, village=village)  # red
        make_household(per_capita=30000, village=village)
    demo.build(stdout=io.StringIO())
    statuses = sorted(AreaAlert.objects.values_list("status", flat=True))
    assert {"open", "acknowledged", "closed"} <= set(statuses)
    demo.build(stdout=io.StringIO())  # again: nothing new
    assert sorted(AreaAlert.objects.values_list("status", flat=True)) == statuses
