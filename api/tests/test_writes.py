"""Writes through the API call the same services as the pages: village cadres of the village may
write; other roles get 403, other villages 404 (or a 400 naming the out-of-scope village)."""

import datetime

import pytest

from households.idnumbers import synthetic_id
from households.models import Household, Member, Visit
from monitoring.models import Case, CaseStep

pytestmark = pytest.mark.django_db

_sequence = iter(range(100, 10_000))


def member(relationship="户主", **fields):
    return {
        "name": "王五",
        "id_number": synthetic_id("500230", datetime.date(1975, 3, 9), next(_sequence), True),
        "relationship": relationship,
        "education": "初中",
        "labour_skill": "普通劳动力",
        "medical_insurance": "城乡居民医保",
        **fields,
    }


def new_household(village, **fields):
    return {
        "village": village.code,
        "address": "一组12号",
        "phone": "13900001111",
        "members": [member()],
        **fields,
    }


def test_village_cadre_registers_a_household(api_for, cadre_a, regions):
    response = api_for(cadre_a).post(
        "/api/v1/households/", new_household(regions["village_a"]), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    household = Household.objects.get(pk=body["id"])
    # The service numbered it and kept the derived fields, as on the page.
    assert household.number.startswith(regions["village_a"].code)
    assert (household.head_name, household.member_count) == ("王五", 1)
    assert body["members"][0]["sex"] == "男"


@pytest.mark.parametrize("persona", ["township_user", "county_user", "viewer"])
def test_other_roles_may_not_register(persona, request, api_for, regions):
    user = request.getfixturevalue(persona)
    response = api_for(user).post("/api/v1/households/", new_household(regions["village_a"]), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Household.objects.exists()


def test_registering_in_another_village_is_refused(api_for, cadre_a, regions):
    response = api_for(cadre_a).post(
        "/api/v1/households/", new_household(regions["village_b"]), format="json"
    )
    assert response.status_code == 400
    assert "village" in response.json()["errors"]
    assert not Household.objects.exists()


def test_a_bad_id_number_is_a_chinese_field_error_and_nothing_is_written(api_for, cadre_a, regions):
    payload = new_household(regions["village_a"], members=[member(id_number="500230197503091234")])
    response = api_for(cadre_a).post("/api/v1/households/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "id_invalid"
    assert "members.0.id_number" in body["errors"]
    assert "身份证号" in body["message"]
    assert not Household.objects.exists()


def test_a_household_without_a_head_is_refused(api_for, cadre_a, regions):
    payload = new_household(regions["village_a"], members=[member("之子")])
    response = api_for(cadre_a).post("/api/v1/households/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "one_head"


def test_cadre_updates_fields_and_members(api_for, cadre_a, regions):
    client = api_for(cadre_a)
    created = client.post("/api/v1/households/", new_household(regions["village_a"]), format="json").json()
    head = created["members"][0]
    payload = {
        "address": "二组3号",
        "members": [
            {**member(), "id": head["id"], "name": "王五改", "id_number": head["id_number"]},
            member("配偶", name="李六", sex="女"),
        ],
    }
    response = client.patch(f"/api/v1/households/{created['id']}/", payload, format="json")
    assert response.status_code == 200, response.content
    household = Household.objects.get(pk=created["id"])
    assert (household.address, household.head_name, household.member_count) == ("二组3号", "王五改", 2)


def test_update_with_a_stranger_member_id_is_refused(api_for, cadre_a, register):
    household = register["village_a"]
    other = Member.objects.get(household=register["village_b"])
    payload = {"members": [{**member(), "id": other.pk}]}
    response = api_for(cadre_a).patch(f"/api/v1/households/{household.pk}/", payload, format="json")
    assert response.status_code == 400
    assert "members.0.id" in response.json()["errors"]


def test_update_of_another_village_is_404(api_for, cadre_a, register):
    response = api_for(cadre_a).patch(
        f"/api/v1/households/{register['village_b'].pk}/", {"address": "x"}, format="json"
    )
    assert response.status_code == 404


def test_township_may_not_update(api_for, township_user, register):
    household = register["village_a"]
    response = api_for(township_user).patch(
        f"/api/v1/households/{household.pk}/", {"address": "x"}, format="json"
    )
    assert response.status_code == 403
    household.refresh_from_db()
    assert household.address != "x"


def visit(household, **fields):
    return {
        "household": household.pk,
        "visited_on": "2026-03-02",
        **dict.fromkeys(Visit.ASSURANCE_FIELDS, "secure"),
        **fields,
    }


def test_cadre_records_a_visit(api_for, cadre_a, register):
    household = register["village_a"]
    payload = visit(household, housing="problem", housing_note="屋顶漏雨", new_risks=["因安全住房"])
    response = api_for(cadre_a).post("/api/v1/visits/", payload, format="json")
    assert response.status_code == 201, response.content
    saved = Visit.objects.get(pk=response.json()["id"])
    assert (saved.visitor, saved.housing_note, saved.problem_note) == (cadre_a, "屋顶漏雨", "屋顶漏雨")


def test_a_problem_without_a_note_is_refused(api_for, cadre_a, register):
    response = api_for(cadre_a).post(
        "/api/v1/visits/", visit(register["village_a"], water="problem"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "note"


def test_visit_to_another_village_is_404(api_for, cadre_a, register):
    response = api_for(cadre_a).post("/api/v1/visits/", visit(register["village_b"]), format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["township_user", "viewer"])
def test_other_roles_may_not_record_visits(persona, request, api_for, register):
    response = api_for(request.getfixturevalue(persona)).post(
        "/api/v1/visits/", visit(register["village_a"]), format="json"
    )
    assert response.status_code == 403


def nomination(household, **fields):
    return {
        "household": household.pk,
        "category": "边缘易致贫户",
        "channel": "干部走访排查",
        "found_on": "2026-03-01",
        "risks": [{"risk_type": "因病"}],
        "evidence": "住院自付较多",
        **fields,
    }


@pytest.fixture
def fresh_household(regions):
    from households.tests.factories import HouseholdFactory, MemberFactory

    household = HouseholdFactory(village=regions["village_a"])
    MemberFactory(household=household)
    return household


def test_cadre_nominates_through_the_service(api_for, cadre_a, fresh_household):
    response = api_for(cadre_a).post("/api/v1/cases/", nomination(fresh_household), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["step"]) == ("enrolling", 2)
    assert [(s["procedure"], s["step"], s["decision"], s["by"]) for s in body["steps"]] == [
        ("enrolment", 1, "pass", "cadre_a")
    ]
    assert CaseStep.objects.get(case_id=body["id"]).details["risks"] == [["因病", ""]]


def test_second_nomination_is_refused_with_the_services_message(api_for, cadre_a, fresh_household):
    client = api_for(cadre_a)
    client.post("/api/v1/cases/", nomination(fresh_household), format="json")
    response = client.post("/api/v1/cases/", nomination(fresh_household), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "open_case"
    assert Case.objects.count() == 1


@pytest.mark.parametrize("persona", ["township_user", "county_user", "viewer"])
def test_only_village_cadres_nominate(persona, request, api_for, fresh_household):
    response = api_for(request.getfixturevalue(persona)).post(
        "/api/v1/cases/", nomination(fresh_household), format="json"
    )
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_nominating_another_villages_household_is_404(api_for, cadre_b, fresh_household):
    response = api_for(cadre_b).post("/api/v1/cases/", nomination(fresh_household), format="json")
    assert response.status_code == 404
