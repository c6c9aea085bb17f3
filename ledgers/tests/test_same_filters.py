"""One FilterSet per list: the same filter parameters give the same rows on the page list, the API
list and the ledger export (here: cases, whose page, API and ledger share ``CaseFilter``)."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ledgers.registry import LEDGERS, Filters
from monitoring.models import Case, Category

PARAMS = [
    {"status": Case.Status.MONITORED},
    {"category": Category.SUDDEN_HARDSHIP},
    {"status": Case.Status.MONITORED, "category": Category.EDGE},
    {"status": Case.Status.ELIMINATED, "category": Category.EDGE},
]


def api_ids(user, params) -> set[int]:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/cases/", params)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: "+".join(f"{k}={v}" for k, v in p.items()))
def test_page_api_and_ledger_give_the_same_cases(params, client_for, county_user, register):
    response = client_for(county_user).get(reverse("monitoring:list"), params)
    page_ids = {case.pk for case in response.context["page_obj"].object_list}
    ledger_ids = set(LEDGERS["cases"].rows_for(county_user, Filters(**params)).values_list("pk", flat=True))
    expected = set(Case.objects.filter(**params).values_list("pk", flat=True))
    assert page_ids == api_ids(county_user, params) == ledger_ids == expected


def test_region_filter_is_the_same_for_api_and_ledger(county_user, register, regions):
    township = regions["township"]
    ledger_ids = set(
        LEDGERS["cases"].rows_for(county_user, Filters(region=township)).values_list("pk", flat=True)
    )
    assert ledger_ids == api_ids(county_user, {"region": township.code})
    assert ledger_ids == {register["cases"][k].pk for k in ("a1", "a2", "b1")}


def test_measure_category_means_the_same_in_api_and_ledger(county_user, register):
    """A parent category's code selects the measures of its sub-categories in both."""
    client = APIClient()
    client.force_authenticate(county_user)
    for code, expected in (("test-industry", 4), ("test-industry-plant", 4), ("no-such-code", 0)):
        listed = {row["id"] for row in client.get("/api/v1/measures/", {"category": code}).json()["results"]}
        ledger = set(
            LEDGERS["measures"].rows_for(county_user, Filters(category=code)).values_list("pk", flat=True)
        )
        assert listed == ledger
        assert len(ledger) == expected
