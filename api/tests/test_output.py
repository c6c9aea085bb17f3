"""The fast output path writes exactly what DRF's generic path would."""

import datetime

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from api.regions import RegionSerializer
from assistance.api import MeasureSerializer
from assistance.models import Measure
from clues.api import ClueSerializer
from clues.models import Clue
from households.api.outputs import (
    HouseholdSerializer,
    IncomeSerializer,
    MemberSerializer,
    MonitoringLineSerializer,
    VisitSerializer,
    with_flags_and_members,
)
from households.models import Household, HouseholdFlag, IncomeRecord, Member, MonitoringLine, Visit
from monitoring.api import CaseSerializer, ReviewRoundSerializer
from monitoring.models import Case
from monitoring.reviews import ReviewRound
from regions.models import Region

pytestmark = pytest.mark.django_db

PAIRS = [
    (HouseholdSerializer, with_flags_and_members(Household.objects.all())),
    (MemberSerializer, Member.objects.all()),
    (IncomeSerializer, IncomeRecord.objects.all()),
    (VisitSerializer, Visit.objects.all()),
    (MonitoringLineSerializer, MonitoringLine.objects.all()),
    (CaseSerializer, Case.objects.all()),
    (MeasureSerializer, Measure.objects.all()),
    (RegionSerializer, Region.objects.all()),
    (ClueSerializer, Clue.objects.all()),
    (ReviewRoundSerializer, ReviewRound.objects.all()),
]


@pytest.mark.parametrize(("serializer_class", "rows"), PAIRS)
def test_fast_output_equals_drf_output(serializer_class, rows, register, superuser):
    request = APIRequestFactory().get("/")
    request.user = superuser
    for instance in rows.all():
        serializer = serializer_class(context={"request": request})
        fast = serializer.to_representation(instance)
        generic = serializers.Serializer.to_representation(serializer, instance)
        assert fast == generic


def test_household_output_carries_todays_flags_and_every_member(register, regions, api_for, cadre_a):
    household = Household.objects.filter(village=regions["village_a"]).first()
    today = datetime.date.today()
    HouseholdFlag.objects.create(household=household, kind="dibao", start_date=today)
    HouseholdFlag.objects.create(household=household, kind="tekun", end_date=today)  # ended
    body = api_for(cadre_a).get(f"/api/v1/households/{household.pk}/").json()
    assert [f["kind"] for f in body["flags"]] == ["dibao"]
    assert [m["id"] for m in body["members"]] == list(
        household.members.order_by("id").values_list("id", flat=True)
    )
    assert body["members"]
