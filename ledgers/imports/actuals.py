"""Indicator actuals (指标实际值) for county users: one row per indicator, region and year.

Files are small (an indicator table per region and year), so every row goes through the
indicators service ``actual_record``: the dry run calls it inside a savepoint that is rolled back,
the commit calls it for real. A row equal to the stored actual is skipped (no new history), so the
same file twice changes nothing; identity is indicator (规划标识 + 序号) + 区域代码 + 年度.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ServiceError
from indicators.models import Actual, Indicator, Plan
from indicators.services import actual_record
from regions.models import Region

from . import fields as f
from .reading import FileRefused, RowError, cell_text, data_rows, open_sheet

PLAN, NUMBER, REGION, YEAR, SOURCE = "规划标识", "序号", "区域代码", "年度", "数据来源"
VALUE, TEXT, ASSESSMENT = "数值", "文字表述", "评定"
REQUIRED = [PLAN, NUMBER, REGION, YEAR, SOURCE]
HEADERS = [*REQUIRED, VALUE, TEXT, ASSESSMENT]
ASSESSMENTS = {str(label): value for value, label in Actual.Assessment.choices}


@dataclass
class ActualsPlan:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> dict:
        return {"rows": self.rows, "new_or_changed": len(self.records), "unchanged": self.unchanged}


def _parse(number: int, cells: dict, indicators: dict, regions: dict, errors: list) -> dict | None:
    start = len(errors)
    key = (cell_text(cells.get(PLAN)), cell_text(cells.get(NUMBER)))
    indicator = indicators.get(key)
    if indicator is None:
        errors.append(
            RowError(
                number, NUMBER, "/".join(key), _("找不到该规划的这个序号的指标，或该规划不在您的范围内。")
            )
        )
    region = regions.get(cell_text(cells.get(REGION)))
    if region is None:
        errors.append(
            RowError(
                number, REGION, cell_text(cells.get(REGION)), _("区划代码不在您的管辖范围内，或不存在。")
            )
        )
    try:
        year = f.small_int(cells.get(YEAR), low=2000, high=2100)
    except f.CellError as error:
        errors.append(RowError(number, YEAR, cell_text(cells.get(YEAR)), error.reason))
        year = None
    value = None
    if cell_text(cells.get(VALUE)):
        try:
            value = Decimal(cell_text(cells.get(VALUE)).rstrip("%"))
        except InvalidOperation:
            errors.append(RowError(number, VALUE, cell_text(cells.get(VALUE)), _("数值应为数字。")))
    assessment = cell_text(cells.get(ASSESSMENT))
    if assessment and assessment not in ASSESSMENTS:
        reason = _("评定应为：%(options)s。") % {"options": "、".join(ASSESSMENTS)}
        errors.append(RowError(number, ASSESSMENT, assessment, reason))
    if len(errors) > start:
        return None
    return {
        "indicator": indicator, "region": region, "year": year, "value": value,
        "value_text": cell_text(cells.get(TEXT)), "assessment": ASSESSMENTS.get(assessment, ""),
        "source": cell_text(cells.get(SOURCE)),
    }  # fmt: skip


def _unchanged(record: dict, stored: dict) -> bool:
    actual = stored.get((record["indicator"].pk, record["region"].pk, record["year"]))
    return actual is not None and (actual.value, actual.value_text, actual.assessment, actual.source) == (
        record["value"], record["value_text"], record["assessment"], record["source"]
    )  # fmt: skip


def validate(path, user) -> ActualsPlan:
    plan = ActualsPlan()
    indicators = {
        (i.plan.key, i.number): i
        for i in Indicator.objects.filter(plan__in=Plan.objects.visible_to(user)).select_related("plan")
    }
    regions = {r.code: r for r in Region.objects.visible_to(user)}
    sheet = open_sheet(path, REQUIRED)
    parsed = []
    try:
        for number, cells in data_rows(sheet):
            plan.rows += 1
            record = _parse(number, cells, indicators, regions, plan.errors)
            if record:
                parsed.append((number, record))
    finally:
        sheet.close()
    if not plan.rows:
        raise FileRefused(_("文件中没有数据行。"))
    stored = {
        (a.indicator_id, a.region_id, a.year): a
        for a in Actual.objects.filter(indicator__in=[r["indicator"] for _n, r in parsed])
    }
    # The service's own rules (role, plan area, years, computed indicators), tried and rolled back.
    with transaction.atomic():
        for number, record in parsed:
            if _unchanged(record, stored):
                plan.unchanged += 1
                continue
            try:
                with transaction.atomic():
                    actual_record(by=user, **record)
            except ServiceError as error:
                plan.errors.append(RowError(number, NUMBER, record["indicator"].name, error.message))
            else:
                plan.records.append(record)
        transaction.set_rollback(True)
    return plan


def commit(plan: ActualsPlan, by) -> dict:
    for record in plan.records:
        actual_record(by=by, **record)
    return plan.summary()
