"""A visit that finds a problem raises its 预警线索 whichever way it was recorded (SPEC 5)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from clues.models import Clue
from households.models import Visit
from households.services import visit_record
from households.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
SECURE = {field: "secure" for field in Visit.ASSURANCE_FIELDS}


def household_in(village):
    household = HouseholdFactory(village=village)
    MemberFactory(household=household)
    return household


def clue_shape(clue: Clue) -> tuple:
    """What a clue says, without what differs between two visits (ids, the visit's pk)."""
    evidence = {k: v for k, v in clue.evidence.items() if k != "visit"}
    return (clue.source, clue.rule, clue.risk_type, clue.status, clue.found_on, clue.created_by, evidence)


def test_api_visit_with_water_problem_raises_the_same_clue_as_the_page(regions, cadre_a, client_for):
    on_page, through_api = household_in(regions["village_a"]), household_in(regions["village_a"])
    page_post = {**SECURE, "visited_on": TODAY.isoformat(), "kind": "入户走访"}
    page_post.update(water="problem", water_note="井水浑浊")
    response = client_for(cadre_a).post(reverse("households:visit", args=[on_page.pk]), page_post)
    assert response.status_code == 302

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cadre_a).key}")
    payload = {**SECURE, "household": through_api.pk, "visited_on": TODAY.isoformat()}
    payload.update(water="problem", water_note="井水浑浊")
    response = api.post("/api/v1/visits/", payload, format="json")
    assert response.status_code == 201, response.content

    page_clue = Clue.objects.get(household=on_page)
    api_clue = Clue.objects.get(household=through_api)
    assert api_clue.evidence["visit"] == response.json()["id"]
    assert clue_shape(api_clue) == clue_shape(page_clue)
    assert api_clue.log.get().action == "raise"


def test_visit_recorded_by_the_service_raises_its_clues_once_per_risk(regions, cadre_a):
    household = household_in(regions["village_a"])
    visit = visit_record(
        household=household,
        by=cadre_a,
        visited_on=TODAY,
        checks={**SECURE, "housing": "problem"},
        check_notes={"housing": "屋顶漏雨"},
        new_risks=["因病"],
    )
    assert sorted(c.risk_type for c in Clue.objects.filter(household=household)) == ["因安全住房", "因病"]
    assert len(visit.raised) == 2


def test_secure_visit_raises_nothing(regions, cadre_a):
    visit = visit_record(
        household=household_in(regions["village_a"]), by=cadre_a, visited_on=TODAY, checks=SECURE
    )
    assert visit.raised == [] and not Clue.objects.exists()
