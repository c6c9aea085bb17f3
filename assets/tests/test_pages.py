"""Scope and roles of the ledger pages: the village reads its village, outsiders get 404,
roles that may not act get 403; lists keep a bounded number of queries."""

import pytest
from django.urls import reverse

from assets.choices import AssetClass, FundingSource, OwnerType

from .factories import make_asset


def test_ledger_page_shows_totals_and_rows_for_the_county(client_for, county_user, asset_a, asset_c):
    response = client_for(county_user).get(reverse("assets:ledger"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "县级扶贫项目资产台账" in body
    assert asset_a.name in body and asset_c.name in body
    assert response.context["totals"]["count"] == 2


def test_village_cadre_reads_only_its_village_ledger(client_for, cadre_a, asset_a, asset_c, regions):
    client = client_for(cadre_a)
    response = client.get(reverse("assets:ledger"))
    assert response.status_code == 200
    assert response.context["region"] == regions["village_a"]
    assert asset_a.name in response.content.decode()
    assert asset_c.name not in response.content.decode()
    assert client.get(reverse("assets:ledger"), {"region": regions["village_c"].code}).status_code == 404
    assert client.get(reverse("assets:ledger"), {"region": regions["county"].code}).status_code == 404


def test_other_village_asset_is_404(client_for, cadre_b, asset_a):
    assert client_for(cadre_b).get(reverse("assets:asset", args=[asset_a.pk])).status_code == 404


def test_department_user_gets_403_on_the_ledger(client_for, department_user, asset_a):
    assert client_for(department_user).get(reverse("assets:ledger")).status_code == 403
    assert client_for(department_user).get(reverse("assets:inventories")).status_code == 403


def test_viewer_reads_but_may_not_register(client_for, viewer, asset_a):
    client = client_for(viewer)
    assert client.get(reverse("assets:asset", args=[asset_a.pk])).status_code == 200
    assert client.get(reverse("assets:asset_new")).status_code == 403
    assert client.get(reverse("assets:asset_edit", args=[asset_a.pk])).status_code == 403


def test_village_cadre_may_not_edit_the_ledger(client_for, cadre_a, asset_a):
    assert client_for(cadre_a).get(reverse("assets:asset_edit", args=[asset_a.pk])).status_code == 403


def test_township_registers_an_asset_through_the_form(client_for, township_user, regions):
    from assets.models import Asset, Project

    project = Project.objects.create(
        name="栗子乡优质水稻标准化生产基地", year=2022, region=regions["township"]
    )
    response = client_for(township_user).post(
        reverse("assets:asset_new"),
        {
            "code": "FD-LZ-001",
            "name": "优质水稻基地灌溉设施",
            "project": project.pk,
            "asset_class": AssetClass.PUBLIC,
            "kind": "water_works",
            "region": regions["village_a"].pk,
            "quantity": "1",
            "unit": "处",
            "original_value": "120000.00",
            "owner_type": OwnerType.COLLECTIVE,
            "owner_name": "建龙村股份经济合作联合社",
            "funding-TOTAL_FORMS": "3",
            "funding-INITIAL_FORMS": "0",
            "funding-0-source": FundingSource.CITY,
            "funding-0-amount": "120000.00",
        },
    )
    asset = Asset.objects.get(code="FD-LZ-001")
    assert response.status_code == 302
    assert asset.level == "village"
    assert asset.fundings.get().amount == 120000


def test_township_may_not_register_in_another_township(client_for, township_user, regions):
    from assets.models import Asset, Project

    project = Project.objects.create(name="徐坪村项目", year=2022, region=regions["village_c"])
    response = client_for(township_user).post(
        reverse("assets:asset_new"),
        {"code": "X1", "name": "x", "project": project.pk, "region": regions["village_c"].pk},
    )
    assert response.status_code == 200  # the form refuses: neither region nor project is offered
    assert not Asset.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_ledger_page_query_count_does_not_grow_with_rows(
    client_for, county_user, regions, django_assert_max_num_queries, count
):
    for i in range(count):
        make_asset(
            regions["village_a"] if i % 2 else regions["village_c"],
            fundings=[(FundingSource.CENTRAL, "60000.00"), (FundingSource.DONATION, "40000.00")],
        )
    client = client_for(county_user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assets:ledger"), {"kind": "cold_store", "year": 2021})
    assert response.status_code == 200
    assert response.context["totals"]["count"] == count


def test_nav_shows_the_ledger_to_village_and_not_to_department(client_for, cadre_a, department_user, asset_a):
    assert "资产台账" in client_for(cadre_a).get(reverse("assets:ledger")).content.decode()
    from common.navigation import items_for

    assert not [i for i in items_for(department_user) if i["label"] == "资产台账"]


@pytest.mark.parametrize("count", [2, 12])
def test_inventory_and_disposal_lists_query_count_is_bounded(
    client_for, county_user, regions, django_assert_max_num_queries, count
):
    import time_machine

    from assets.services.disposal import disposal_request
    from assets.services.inventories import inventories_schedule

    villages = [regions["village_a"], regions["village_b"], regions["village_c"]]
    assets = [make_asset(villages[i % 3]) for i in range(count)]
    with time_machine.travel("2025-12-20 10:00 +0800", tick=False):
        inventories_schedule()
    for asset in assets:
        disposal_request(asset=asset, by=county_user, kind="scrap", reason="报废")
    client = client_for(county_user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("assets:inventories")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("assets:disposals")).status_code == 200
