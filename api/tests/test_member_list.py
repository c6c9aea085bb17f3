"""A PATCH with ``members`` carries the full list of current members (issue 16, item 7)."""

import pytest

from households.models import Household

from .test_writes import member, new_household

pytestmark = pytest.mark.django_db


def test_leaving_out_a_current_member_is_a_400_naming_them_not_a_409(api_for, cadre_a, regions):
    client = api_for(cadre_a)
    payload = new_household(regions["village_a"], members=[member(), member("配偶", name="李六", sex="女")])
    created = client.post("/api/v1/households/", payload, format="json").json()
    head = next(m for m in created["members"] if m["relationship"] == "户主")
    patch = {"members": [{**member(), "id": head["id"], "id_number": head["id_number"]}]}
    response = client.patch(f"/api/v1/households/{created['id']}/", patch, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "members_missing"
    assert "李六" in body["message"] and list(body["errors"]) == ["members"]
    assert Household.objects.get(pk=created["id"]).member_count == 2
