"""The fast output path writes exactly what DRF's generic path would."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

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
)
from households.models import Household, IncomeRecord, Member, MonitoringLine, Visit
from monitoring.api import CaseSerializer, ReviewRoundSerializer
from monitoring.models import Case
from monitoring.reviews import ReviewRound
from regions.api import RegionSerializer
from regions.models import Region

pytestmark = pytest.mark.django_db

PAIRS = [
    (HouseholdSerializer, Household),
    (MemberSerializer, Member),
    (IncomeSerializer, IncomeRecord),
    (VisitSerializer, Visit),
    (MonitoringLineSerializer, MonitoringLine),
    (CaseSerializer, Case),
    (MeasureSerializer, Measure),
    (RegionSerializer, Region),
    (ClueSerializer, Clue),
    (ReviewRoundSerializer, ReviewRound),
]


@pytest.mark.parametrize(("serializer_class", "model"), PAIRS)
def test_fast_output_equals_drf_output(serializer_class, model, register, superuser):
    request = APIRequestFactory().get("/")
    request.user = superuser
    for instance in model.objects.all():
        serializer = serializer_class(context={"request": request})
        fast = serializer.to_representation(instance)
        generic = serializers.Serializer.to_representation(serializer, instance)
        assert fast == generic
