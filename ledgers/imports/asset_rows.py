"""One row of an asset ledger sheet → the values ``asset_create``/``asset_update`` take, or cell errors.

Value lists are written as their Chinese labels (经营性资产, 村集体 …), as in the 项目资产台账
export; the stored codes are accepted too. Funding has one column per source; blank means none.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from assets.choices import AssetClass, AssetKind, FundingSource, OperatingMode, OwnerType
from regions.models import Region

from . import fields as f
from .reading import RowError, cell_text

CODE, NAME, PROJECT, YEAR, APPROVAL = "资产编号", "资产名称", "项目名称", "项目年度", "项目批复文号"
PROJECT_DONE = "项目竣工日期"
CLASS, KIND, REGION, QUANTITY, UNIT = "资产类别", "资产类型", "所在区划代码", "数量", "计量单位"
VALUE, COMPLETED = "原值（元）", "建成日期"
HANDED, HANDED_ON, REGISTERED, REGISTERED_ON = "是否移交", "移交日期", "是否确权", "确权日期"
OWNER_TYPE, OWNER, CUSTODIAN, CUSTODIAN_PERSON = "权属类型", "所有权人", "管护单位", "管护责任人"
MODE, OPERATOR = "经营方式", "经营主体"
REQUIRED = [CODE, NAME, PROJECT, YEAR, CLASS, KIND, REGION, VALUE, OWNER_TYPE, OWNER]
FUNDING_COLUMNS = {f"{label}（元）": value for value, label in FundingSource.choices}
HEADERS = [
    CODE, NAME, PROJECT, YEAR, APPROVAL, PROJECT_DONE, CLASS, KIND, REGION, QUANTITY, UNIT, VALUE,
    COMPLETED, HANDED, HANDED_ON, REGISTERED, REGISTERED_ON, OWNER_TYPE, OWNER, CUSTODIAN,
    CUSTODIAN_PERSON, MODE, OPERATOR, *FUNDING_COLUMNS,
]  # fmt: skip
# The 项目资产台账 export and the asset form name some columns differently.
ALIASES = {"单位": UNIT, "已移交": HANDED, "已确权": REGISTERED, "管护主体": CUSTODIAN,
           "区划代码": REGION, "所在区域代码": REGION, "立项批复文号": APPROVAL, "原值": VALUE}  # fmt: skip
LEDGER_LEVELS = {Region.Level.COUNTY, Region.Level.TOWNSHIP, Region.Level.VILLAGE}
# A service error names the field it is about; the row error names the column.
FIELD_COLUMNS = {"code": CODE, "owner_type": OWNER_TYPE, "operating_mode": MODE, "region": REGION,
                 "fundings": VALUE, "project": PROJECT}  # fmt: skip


def _labels(choices) -> dict[str, str]:
    return {**{str(label): value for value, label in choices.choices}, **{v: v for v in choices.values}}


CHOICES = {CLASS: _labels(AssetClass), KIND: _labels(AssetKind), OWNER_TYPE: _labels(OwnerType),
           MODE: _labels(OperatingMode)}  # fmt: skip


@dataclass
class Row:
    number: int  # Excel row
    code: str
    project: dict  # name, year, approval, completed_on
    data: dict  # asset fields except project
    fundings: list[tuple[str, Decimal]]
    cells: dict  # {header: text as given}, to show beside an error the services report


class _Cells:
    """Collects every cell error of a row instead of stopping at the first."""

    def __init__(self, number: int, cells: dict, errors: list):
        self.number, self.cells, self.errors = number, cells, errors

    def get(self, column, parse, *args, **kwargs):
        try:
            return parse(self.cells.get(column), *args, **kwargs)
        except f.CellError as error:
            self.error(column, error.reason)

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, cell_text(self.cells.get(column)), reason))

    def label(self, column: str, *, required: bool) -> str:
        text = cell_text(self.cells.get(column))
        if not text:
            if required:
                self.error(column, _("必填项为空。"))
            return ""
        value = CHOICES[column].get(text)
        if value is None:
            options = "、".join(label for label in CHOICES[column] if not label.isascii())
            self.error(
                column, _("「%(value)s」不在可选值中（%(options)s）。") % {"value": text, "options": options}
            )
        return value or ""


def _year(value) -> int:
    if not cell_text(value):
        raise f.CellError(_("必填项为空。"))
    return f.small_int(value, low=2000, high=2100)


def _required_money(value) -> Decimal:
    amount = f.decimal_value(value)
    if amount is None:
        raise f.CellError(_("必填项为空。"))
    return amount


def parse(number: int, cells: dict, regions: dict, errors: list) -> Row | None:
    """The row's values, or None after appending its errors; ``regions`` are those in scope by code."""
    start = len(errors)
    row = _Cells(number, cells, errors)
    code = row.get(CODE, f.required_text, 40)
    region = None
    region_code = cell_text(cells.get(REGION))
    if not (len(region_code) == 12 and region_code.isdigit()):
        row.error(REGION, _("区划代码应为 12 位数字。"))
    elif region_code not in regions:
        row.error(REGION, _("区划代码不在您的管辖范围内，或不存在。"))
    elif regions[region_code].level not in LEDGER_LEVELS:
        row.error(REGION, _("资产应登记在区县、乡镇或村一级。"))
    else:
        region = regions[region_code]
    handed_over, handed_over_on = row.get(HANDED, f.yes_no), row.get(HANDED_ON, f.date_value)
    registered, registered_on = row.get(REGISTERED, f.yes_no), row.get(REGISTERED_ON, f.date_value)
    if handed_over is False and handed_over_on:
        row.error(HANDED_ON, _("未移交的资产不应填写移交日期。"))
    if registered is False and registered_on:
        row.error(REGISTERED_ON, _("未确权的资产不应填写确权日期。"))
    data = {
        "code": code, "name": row.get(NAME, f.required_text, 200), "region": region,
        "asset_class": row.label(CLASS, required=True), "kind": row.label(KIND, required=True),
        "quantity": row.get(QUANTITY, f.decimal_value, positive=True) or Decimal("1.00"),
        "unit": row.get(UNIT, f.optional_text, 16) or "个",
        "original_value": row.get(VALUE, _required_money),
        "completed_on": row.get(COMPLETED, f.date_value),
        "handed_over": bool(handed_over), "handed_over_on": handed_over_on,
        "registered": bool(registered), "registered_on": registered_on,
        "owner_type": row.label(OWNER_TYPE, required=True), "owner_name": row.get(OWNER, f.required_text, 100),
        "custodian_unit": row.get(CUSTODIAN, f.optional_text, 100),
        "custodian_person": row.get(CUSTODIAN_PERSON, f.optional_text, 32),
        "operating_mode": row.label(MODE, required=False), "operator": row.get(OPERATOR, f.optional_text, 100),
    }  # fmt: skip
    project = {
        "name": row.get(PROJECT, f.required_text, 200), "year": row.get(YEAR, _year),
        "approval": row.get(APPROVAL, f.optional_text, 100), "completed_on": row.get(PROJECT_DONE, f.date_value),
    }  # fmt: skip
    fundings = []
    for column, source in FUNDING_COLUMNS.items():
        amount = row.get(column, f.decimal_value)
        if amount:  # blank or 0: the asset has no money from this source
            fundings.append((source, amount))
    if len(errors) > start:
        return None
    shown = {column: cell_text(value) for column, value in cells.items()}
    return Row(number=number, code=code, project=project, data=data, fundings=fundings, cells=shown)
