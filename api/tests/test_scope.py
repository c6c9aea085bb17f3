"""Every resource is scoped by ``visible_to`` exactly like the UI: another village's rows are
absent from lists and answer 404 on retrieve; the ``region`` filter stays inside the scope."""

import pytest

from assistance.models import Measure
from clues.models import Clue
from households.models import IncomeRecord, Member, Visit
from monitoring.models import Case
from monitoring.reviews import ReviewRound

pytestmark = pytest.mark.django_db

# resource → how to find the object belonging to a household
RESOURCES = {
    "households": lambda h: h,
    "members": lambda h: Member.objects.get(household=h),
    "incomes": lambda h: IncomeRecord.objects.get(household=h),
    "visits": lambda h: Visit.objects.get(household=h),
    "cases": lambda h: Case.objects.get(household=h),
    "measures": lambda h: Measure.objects.get(case__household=h),
    "clues": lambda h: Clue.objects.get(household=h),
    "reviews": lambda h: ReviewRound.objects.get(village=h.village),
}


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("resource", RESOURCES)
def test_other_village_is_absent_from_list(resource, api_for, cadre_a, register):
    own = RESOURCES[resource](register["village_a"]).pk
    others = {RESOURCES[resource](register[v]).pk for v in ("village_b", "village_c")}
    listed = ids(api_for(cadre_a).get(f"/api/v1/{resource}/"))
    assert own in listed
    assert not listed & others


@pytest.mark.parametrize("resource", RESOURCES)
def test_other_village_is_404_on_retrieve(resource, api_for, cadre_a, register):
    client = api_for(cadre_a)
    own = RESOURCES[resource](register["village_a"]).pk
    other = RESOURCES[resource](register["village_b"]).pk
    assert client.get(f"/api/v1/{resource}/{own}/").status_code == 200
    response = client.get(f"/api/v1/{resource}/{other}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("resource", RESOURCES)
def test_township_sees_its_villages_only(resource, api_for, township_user, register):
    listed = ids(api_for(township_user).get(f"/api/v1/{resource}/"))
    expected = {RESOURCES[resource](register[v]).pk for v in ("village_a", "village_b")}
    assert listed == expected


@pytest.mark.parametrize("resource", RESOURCES)
def test_user_without_role_sees_nothing(resource, api_for, nobody, register):
    assert ids(api_for(nobody).get(f"/api/v1/{resource}/")) == set()


def test_department_user_does_not_read_the_register(api_for, department_user, register):
    assert ids(api_for(department_user).get("/api/v1/households/")) == set()


@pytest.mark.parametrize("resource", RESOURCES)
def test_region_filter_includes_the_subtree(resource, api_for, county_user, regions, register):
    listed = ids(api_for(county_user).get(f"/api/v1/{resource}/", {"region": regions["township"].code}))
    assert listed == {RESOURCES[resource](register[v]).pk for v in ("village_a", "village_b")}


def test_region_filter_outside_scope_is_refused(api_for, cadre_a, regions, register):
    response = api_for(cadre_a).get("/api/v1/households/", {"region": regions["village_b"].code})
    assert response.status_code == 400
    assert "region" in response.json()["errors"]


def test_region_filter_rejects_a_malformed_code(api_for, county_user, register):
    response = api_for(county_user).get("/api/v1/cases/", {"region": "5002"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "12位" in body["errors"]["region"][0]


def test_regions_are_the_callers_subtree(api_for, cadre_a, township_user, regions):
    assert [r["code"] for r in api_for(cadre_a).get("/api/v1/regions/").json()["results"]] == [
        regions["village_a"].code
    ]
    codes = {r["code"] for r in api_for(township_user).get("/api/v1/regions/").json()["results"]}
    assert codes == {regions[k].code for k in ("township", "village_a", "village_b")}
    assert api_for(cadre_a).get(f"/api/v1/regions/{regions['village_b'].code}/").status_code == 404


def test_monitoring_lines_are_public_to_signed_in_callers(api_for, viewer, register):
    rows = api_for(viewer).get("/api/v1/monitoring-lines/").json()["results"]
    assert [(r["year"], r["region"], r["amount"]) for r in rows] == [(2026, "500000000000", "7600.00")]


def test_member_filter_by_id_number_is_exact_and_normalised(api_for, cadre_a, register):
    member = Member.objects.get(household=register["village_a"])
    client = api_for(cadre_a)
    spaced = f" {member.id_number[:6]} {member.id_number[6:].lower()} "
    assert ids(client.get("/api/v1/members/", {"id_number": spaced})) == {member.pk}
    assert ids(client.get("/api/v1/members/", {"id_number": member.id_number[:17]})) == set()


def test_member_filter_by_id_number_stays_in_scope(api_for, cadre_a, register):
    other = Member.objects.get(household=register["village_b"])
    assert ids(api_for(cadre_a).get("/api/v1/members/", {"id_number": other.id_number})) == set()


def test_case_filters_by_status_category_and_risk_type(api_for, county_user, register):
    client = api_for(county_user)
    case = Case.objects.get(household=register["village_a"])
    Case.objects.filter(pk=case.pk).update(status=Case.Status.MONITORED, category="脱贫不稳定户")
    assert ids(client.get("/api/v1/cases/", {"status": "monitored"})) == {case.pk}
    assert ids(client.get("/api/v1/cases/", {"category": "脱贫不稳定户"})) == {case.pk}
    assert len(ids(client.get("/api/v1/cases/", {"risk_type": "因病"}))) == 3
    assert ids(client.get("/api/v1/cases/", {"risk_type": "因学"})) == set()
