"""``GET /api/v1/grades/``: grades with reasons and next visit due, scoped, keyset paginated."""

import pytest

from grading.models import HouseholdGrade

pytestmark = pytest.mark.django_db


def test_grades_list_is_scoped_and_carries_reasons(line, make_household, cadre_a, township_user, client_for):
    mine = make_household(per_capita=10800)
    other = make_household(per_capita=10800, village="village_b")
    body = client_for(cadre_a).get("/api/v1/grades/").json()
    assert [row["household"] for row in body["results"]] == [mine.pk]
    row = body["results"][0]
    assert row["reasons"] == ["人均纯收入仅高于监测范围 8%"]
    assert (row["grade"], row["next_visit_due"]) == ("yellow", "2026-08-09")
    township = client_for(township_user).get("/api/v1/grades/?page_size=1").json()
    assert len(township["results"]) == 1 and township["next"]
    second = client_for(township_user).get(township["next"]).json()
    assert {township["results"][0]["household"], second["results"][0]["household"]} == {mine.pk, other.pk}


def test_grade_of_another_village_is_404(line, make_household, cadre_a, client_for):
    other = make_household(per_capita=10800, village="village_b")
    pk = HouseholdGrade.objects.get(household=other).pk
    assert client_for(cadre_a).get(f"/api/v1/grades/{pk}/").status_code == 404


def test_grades_api_is_read_only(line, make_household, cadre_a, client_for):
    household = make_household(per_capita=10800)
    pk = HouseholdGrade.objects.get(household=household).pk
    assert client_for(cadre_a).patch(f"/api/v1/grades/{pk}/", {"grade": "green"}).status_code == 405
