"""The API's optimistic version: ETag on read, If-Match on PATCH, 409 "已被他人修改" when stale."""

import pytest

from households.models import Household

from .test_writes import new_household

pytestmark = pytest.mark.django_db


def test_stale_if_match_answers_409_with_what_changed(api_for, cadre_a, regions):
    client = api_for(cadre_a)
    created = client.post("/api/v1/households/", new_household(regions["village_a"]), format="json")
    url = f"/api/v1/households/{created.json()['id']}/"
    etag = client.get(url)["ETag"]
    assert etag
    first = client.patch(url, {"phone": "13900002222"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200, first.content
    assert first["ETag"] != etag
    second = client.patch(url, {"address": "二组"}, format="json", HTTP_IF_MATCH=etag)
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "stale" and "已被他人修改" in body["message"] and "联系电话" in body["message"]
    assert Household.objects.get(pk=created.json()["id"]).address != "二组"
    third = client.patch(url, {"address": "二组"}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert third.status_code == 200
