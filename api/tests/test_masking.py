"""ID numbers and phones are masked as in the ledgers unless the caller's role sees them in full."""

import pytest

from common.masking import mask_id, mask_phone
from households.models import Member

pytestmark = pytest.mark.django_db


def household_of(client, household):
    response = client.get(f"/api/v1/households/{household.pk}/")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("persona", ["viewer", "township_user"])
def test_masked_for_roles_without_full_ids(persona, request, api_for, register):
    household = register["village_a"]
    member = Member.objects.get(household=household)
    client = api_for(request.getfixturevalue(persona))
    body = household_of(client, household)
    assert body["phone"] == mask_phone(household.phone) != household.phone
    assert body["members"][0]["id_number"] == mask_id(member.id_number) != member.id_number
    listed = client.get("/api/v1/members/", {"household": household.pk}).json()["results"]
    assert listed[0]["id_number"] == mask_id(member.id_number)


@pytest.mark.parametrize("persona", ["cadre_a", "county_user", "superuser"])
def test_full_for_village_cadres_and_granted_county_users(persona, request, api_for, register):
    household = register["village_a"]
    member = Member.objects.get(household=household)
    body = household_of(api_for(request.getfixturevalue(persona)), household)
    assert body["phone"] == household.phone
    assert body["members"][0]["id_number"] == member.id_number


def test_county_user_without_grant_sees_masked(api_for, regions, register):
    from accounts.models import Role
    from conftest import make_user

    plain_county = make_user("plain_county", Role.COUNTY, regions["county"])
    body = household_of(api_for(plain_county), register["village_a"])
    assert "*" in body["phone"]
    assert "*" in body["members"][0]["id_number"]


def test_the_person_id_is_never_exposed(api_for, cadre_a, register):
    body = household_of(api_for(cadre_a), register["village_a"])
    assert "person_id" not in body["members"][0]


def test_clue_person_id_is_masked_for_viewers(api_for, viewer, cadre_a, register):
    from clues.models import Clue

    clue = Clue.objects.get(household=register["village_a"])
    masked = api_for(viewer).get(f"/api/v1/clues/{clue.pk}/").json()["person_id"]
    full = api_for(cadre_a).get(f"/api/v1/clues/{clue.pk}/").json()["person_id"]
    assert (masked, full) == (mask_id(clue.person_id), clue.person_id)


@pytest.mark.parametrize("persona", ["viewer", "township_user"])
def test_masked_readers_get_the_birth_year_not_the_date(persona, request, api_for, register):
    """The masked ID plus the birth date gave the whole ID number back (issue 16)."""
    household = register["village_a"]
    member = Member.objects.get(household=household)
    client = api_for(request.getfixturevalue(persona))
    nested = household_of(client, household)["members"][0]
    listed = client.get("/api/v1/members/", {"household": household.pk}).json()["results"][0]
    detail = client.get(f"/api/v1/members/{member.pk}/").json()
    for body in (nested, listed, detail):
        assert "birth_date" not in body
        assert body["birth_year"] == member.birth_date.year


def test_full_readers_get_the_birth_date_and_year(api_for, cadre_a, register):
    member = Member.objects.get(household=register["village_a"])
    body = api_for(cadre_a).get(f"/api/v1/members/{member.pk}/").json()
    assert body["birth_date"] == member.birth_date.isoformat()
    assert body["birth_year"] == member.birth_date.year


def test_schema_documents_birth_year(api_for, viewer):
    schema = api_for(viewer).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    member = schema["components"]["schemas"]["Member"]["properties"]
    assert member["birth_year"]["type"] == "integer"
    assert "birth_year" in member["birth_date"]["description"]
