"""Demo regions: 重庆市 → 丰都县 → 30 townships → 334 villages (regions/demo_data/fengdu.json)."""

import json
from pathlib import Path

from .models import Region

DATA = Path(__file__).parent / "demo_data" / "fengdu.json"


def _ensure(code: str, name: str, level: str, parent: Region | None) -> tuple[Region, bool]:
    region, created = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return region, created


def build(*, stdout=None, **options) -> dict:
    """Create the demo county's regions; existing codes are left untouched (idempotent)."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    city, _ = _ensure(data["city"]["code"], data["city"]["name"], Region.Level.CITY, None)
    county, _ = _ensure(data["county"]["code"], data["county"]["name"], Region.Level.COUNTY, city)
    existing = set(Region.objects.filter(path__startswith=county.path).values_list("code", flat=True))
    created = 0
    for item in data["townships"]:
        township, made = _ensure(item["code"], item["name"], Region.Level.TOWNSHIP, county)
        created += made
        villages = [
            Region(code=v["code"], name=v["name"], level=Region.Level.VILLAGE, parent=township)
            for v in item["villages"]
            if v["code"] not in existing
        ]
        for village in villages:  # save() derives path/depth; bulk_create would skip it
            village.path = township.path + village.code + "/"
            village.depth = township.depth + 1
        Region.objects.bulk_create(villages)
        created += len(villages)
    if stdout:
        stdout.write(f"regions: {created} created")
    return {"county": county, "created": created}
