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
