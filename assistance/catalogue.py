"""Reading the shipped measure catalogue (``fixtures/catalogue.json``).

Shared by the data migration (with historical models) and tests; upserts by code so that running
it again, or on a database where a county already edited names, adds what is missing and leaves
edited rows alone.
"""

import json
from pathlib import Path

CATALOGUE_FILE = Path(__file__).resolve().parent / "fixtures" / "catalogue.json"


def catalogue_rows() -> list[dict]:
    """Flattened rows, parents before children, each child inheriting what it does not set."""
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    rows: list[dict] = []
    for order, category in enumerate(data["categories"], start=1):
        parent = {
            "code": category["code"],
            "name": category["name"],
            "parent_code": None,
            "kind": category["kind"],
            "addresses": category.get("addresses", []),
            "is_comprehensive_security": category.get("is_comprehensive_security", False),
            "order": order * 100,
        }
        rows.append(parent)
        for sub_order, child in enumerate(category.get("children", []), start=1):
            rows.append(
                {
                    **parent,
                    "code": child["code"],
                    "name": child["name"],
                    "parent_code": category["code"],
                    "addresses": child.get("addresses", parent["addresses"]),
                    "order": order * 100 + sub_order,
                }
            )
    return rows


def load_catalogue(category_model) -> int:
    """Create the catalogue items missing from ``category_model``; returns how many were created."""
    existing = dict(category_model.objects.values_list("code", "pk"))
    created = 0
    for row in catalogue_rows():
        if row["code"] in existing:
            continue
        parent_code = row.pop("parent_code")
        item = category_model.objects.create(parent_id=existing.get(parent_code), **row)
        existing[item.code] = item.pk
        created += 1
    return created
