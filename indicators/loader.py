"""Load the published indicator tables (fixtures/plans.json) into the database.

Independent of migrations (a plain command, not a data migration) so the tables can be reloaded
after a correction of the transcription. Idempotent: rows are matched by plan key and row order,
and a row is written only when a field differs, so a second run changes nothing.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from regions.models import Region

from .models import Indicator, Metric, Plan

FIXTURE = Path(__file__).parent / "fixtures" / "plans.json"

INDICATOR_FIELDS = (
    "number",
    "group",
    "name",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "target_kind",
    "attribute",
    "flag_average",
    "flag_aligned",
    "notes",
    "source_line",
    "corrected_baseline_value",
    "corrected_target_value",
    "correction_note",
)
PLAN_FIELDS = ("level", "title", "document_number", "period_start", "period_end", "source_file")

# Indicators the register computes (SPEC 8), by their published names.
METRIC_BY_NAME = {
    "易返贫致贫监测对象帮扶率": Metric.ASSISTANCE_RATE,
    "易返贫致贫对象帮扶率": Metric.ASSISTANCE_RATE,
    "监测户帮扶率": Metric.ASSISTANCE_RATE,
    "农村人口基本医保参保率": Metric.MEDICAL_INSURANCE_RATE,
    "基本医疗保险参保率": Metric.MEDICAL_INSURANCE_RATE,
    "公益岗位脱贫人口就业比重": Metric.WELFARE_POST_SHARE,
}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    plans: list[str] = field(default_factory=list)


def _region(data: dict) -> Region:
    """The plan's region; created (under its city) when the deployment does not hold it yet."""
    code = data["region_code"]
    region = Region.objects.filter(code=code).first()
    if region:
        return region
    parent = None if data["level"] == "city" else Region.objects.filter(code=code[:2] + "0" * 10).first()
    level = Region.Level.CITY if data["level"] == "city" else Region.Level.COUNTY
    return Region.objects.create(code=code, name=data["region_name"], level=level, parent=parent)


def _apply(obj, values: dict) -> bool:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return bool(changed)


@transaction.atomic
def load_plans(path: Path = FIXTURE) -> LoadResult:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = LoadResult()
    # The city first, so that county plans find their parent region.
    for item in sorted(data["plans"], key=lambda p: p["level"] != "city"):
        region = _region(item)
        values = {name: item.get(name, "") for name in PLAN_FIELDS} | {"region": region}
        plan = Plan.objects.filter(key=item["key"]).first()
        if plan is None:
            plan = Plan.objects.create(key=item["key"], **values)
        elif _apply(plan, values):
            plan.save()
        result.plans.append(plan.key)
        existing = {i.order: i for i in plan.indicators.all()}
        for row in item["indicators"]:
            values = {name: row.get(name, "") for name in INDICATOR_FIELDS}
            for nullable in ("baseline_year", "source_line"):
                values[nullable] = row.get(nullable)
            values["metric"] = METRIC_BY_NAME.get(row["name"], "")
            indicator = existing.get(row["order"])
            if indicator is None:
                Indicator.objects.create(plan=plan, order=row["order"], **values)
                result.created += 1
            elif _apply(indicator, values):
                indicator.save()
                result.updated += 1
            else:
                result.unchanged += 1
    return result
