"""The pages village cadres use on a phone: the village ledger and recording an inventory."""

import pytest
import time_machine

from assets.models import Inventory
from assets.services.inventories import inventories_schedule
from conftest import browser_login


@pytest.mark.browser
def test_cadre_reads_the_village_ledger_and_records_an_inventory_on_a_phone(
    phone_page, cadre_a, asset_a, asset_c, regions
):
    with time_machine.travel("2025-12-20 10:00 +0800", tick=False):
        inventories_schedule()
    inventory = Inventory.objects.get(region=regions["village_a"])
    browser_login(phone_page, "cadre_a")
    phone_page.goto(phone_page.base_url + "/assets/")
    rows = phone_page.locator("#ledger-rows").inner_text()
    assert asset_a.name in rows and asset_c.name not in rows
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.goto(phone_page.base_url + f"/assets/inventories/{inventory.pk}/")
    phone_page.select_option("select[name=state]", "damaged")
    phone_page.fill("input[name=assessed_value]", "45000")
    phone_page.click("form[action*='/items/'] button[type=submit]")
    phone_page.wait_for_load_state()
    assert "已记录" in phone_page.content()
    item = inventory.items.get()
    assert (item.state, int(item.assessed_value)) == ("damaged", 45000)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
