"""Inventory scheduling: collective assets each year end, state assets every three years."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assets.choices import AssetClass, OwnerType
from assets.models import Inventory, InventoryItem
from assets.selectors import overdue_inventories
from assets.services.inventories import inventories_schedule, inventory_complete, inventory_item_record
from assets.tasks import inventories_schedule as schedule_task
from common.errors import ServiceError
from common.models import Notification

from .factories import make_asset


@pytest.fixture
def holdings(regions):
    return {
        "collective": make_asset(regions["village_a"]),
        "collective_b": make_asset(regions["village_b"]),
        "state": make_asset(
            regions["county"], name="八耳寺水库", asset_class=AssetClass.PUBLIC, owner_type=OwnerType.STATE
        ),
        "household": make_asset(regions["village_a"], asset_class=AssetClass.HOUSEHOLD, name="到户肉牛"),
    }


@time_machine.travel("2025-06-30 10:00 +0800", tick=False)
def test_nothing_is_due_in_mid_year(holdings):
    assert inventories_schedule() == []
    assert not Inventory.objects.exists()


@time_machine.travel("2025-12-05 10:00 +0800", tick=False)
def test_year_end_opens_collective_and_state_inventories_once(
    holdings, regions, cadre_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = schedule_task.apply().get()  # in-process, broker or not
    assert len(created) == 3  # 建龙村, 联合村 (collective) and the county (state)
    village = Inventory.objects.get(region=regions["village_a"], kind=Inventory.Kind.COLLECTIVE)
    assert village.due_on == date(2025, 12, 31)
    # One item per collective asset; the household's own asset is not inventoried by the village.
    assert list(village.items.values_list("asset", flat=True)) == [holdings["collective"].pk]
    assert Notification.objects.filter(recipient=cadre_a, kind="asset_inventory").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert inventories_schedule() == []  # idempotent: a second run creates and notifies nothing
    assert Notification.objects.filter(recipient=cadre_a).count() == 1


def test_state_inventory_comes_back_every_three_years(holdings, regions):
    with time_machine.travel("2024-12-20 10:00 +0800", tick=False):
        inventories_schedule()
    state = Inventory.objects.filter(kind=Inventory.Kind.STATE)
    assert list(state.values_list("year", flat=True)) == [2024]
    for year in (2025, 2026):
        with time_machine.travel(f"{year}-12-20 10:00 +0800", tick=False):
            inventories_schedule()
    assert sorted(state.values_list("year", flat=True)) == [2024]
    assert Inventory.objects.filter(kind=Inventory.Kind.COLLECTIVE, region=regions["village_a"]).count() == 3
    with time_machine.travel("2027-12-20 10:00 +0800", tick=False):
        inventories_schedule()
    assert sorted(state.values_list("year", flat=True)) == [2024, 2027]


def test_open_inventory_past_due_is_overdue_for_the_dashboard(holdings, regions, township_user, cadre_b):
    with time_machine.travel("2025-12-20 10:00 +0800", tick=False):
        inventories_schedule()
        assert not overdue_inventories(township_user).exists()
    with time_machine.travel("2026-01-05 10:00 +0800", tick=False):
        overdue = list(overdue_inventories(township_user))
        assert {i.region for i in overdue} == {regions["village_a"], regions["village_b"]}
        assert [i.region for i in overdue_inventories(cadre_b)] == [regions["village_b"]]
        assert overdue[0].pending == 1


@time_machine.travel("2025-12-20 10:00 +0800", tick=False)
def test_recording_results_then_completing(holdings, regions, cadre_a, cadre_b):
    inventories_schedule()
    inventory = Inventory.objects.get(region=regions["village_a"])
    item = inventory.items.get()
    with pytest.raises(ServiceError, match="未清查"):
        inventory_complete(inventory=inventory, by=cadre_a)
    with pytest.raises(PermissionDenied):
        inventory_item_record(item=item, by=cadre_b, state="found", assessed_value=Decimal(1))
    inventory_item_record(
        item=item, by=cadre_a, state="damaged", assessed_value=Decimal("40000.00"), note="库门损坏"
    )
    inventory = inventory_complete(inventory=inventory, by=cadre_a)
    assert inventory.status == Inventory.Status.COMPLETED
    with pytest.raises(ServiceError, match="已完成"):
        inventory_item_record(item=item, by=cadre_a, state="found", assessed_value=Decimal(1))


@time_machine.travel("2025-12-20 10:00 +0800", tick=False)
def test_missing_asset_is_valued_at_zero(holdings, regions, cadre_a):
    inventories_schedule()
    item = InventoryItem.objects.get(inventory__region=regions["village_a"])
    inventory_item_record(item=item, by=cadre_a, state="not_found", assessed_value=Decimal("5"))
    item.refresh_from_db()
    assert item.assessed_value == 0


@time_machine.travel("2025-12-20 10:00 +0800", tick=False)
def test_inventory_pages_scope_and_roles(holdings, regions, client_for, cadre_a, cadre_b, viewer):
    inventories_schedule()
    inventory = Inventory.objects.get(region=regions["village_a"])
    item = inventory.items.get()
    assert client_for(cadre_b).get(reverse("assets:inventory", args=[inventory.pk])).status_code == 404
    client = client_for(viewer)
    assert client.get(reverse("assets:inventory", args=[inventory.pk])).status_code == 200
    url = reverse("assets:inventory_item", args=[inventory.pk, item.pk])
    assert client.post(url, {"state": "found", "assessed_value": "1"}).status_code == 403
    client = client_for(cadre_a)
    assert client.get(reverse("assets:inventories")).status_code == 200
    response = client.post(url, {"state": "found", "assessed_value": "98000.00"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.assessed_value) == ("found", Decimal("98000.00"))
