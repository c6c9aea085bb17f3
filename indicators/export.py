"""The indicator completion table (指标完成情况) as a one-sheet Excel workbook."""

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .selectors import ProgressRow, actual_years

HEADERS = ["序号", "分组", "指标", "单位", "指标属性", "基期年", "基期值", "目标年", "目标值", "更正后目标值"]


def completion_workbook(plan, region, rows: list[ProgressRow]) -> bytes:
    years = actual_years(rows)
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "指标完成情况"
    sheet.append([f"{plan.title} 指标完成情况 · {region.name} · 导出日期 {timezone.localdate():%Y-%m-%d}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(HEADERS + [f"{y}年实际" for y in years] + ["评估"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in rows:
        i = row.indicator
        by_year = {a.year: a for a in row.actuals}
        sheet.append(
            [
                i.number,
                i.group,
                i.name,
                i.unit,
                i.get_attribute_display(),
                i.baseline_year,
                i.baseline_value,
                i.target_year,
                i.target_value,
                i.corrected_target_value,
            ]
            + [_cell(by_year.get(y)) for y in years]
            + [row.status_label]
        )
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    for letter, width in zip("ABCDEFGHIJ", (6, 14, 40, 8, 9, 8, 10, 8, 18, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(actual):
    if actual is None:
        return None
    if actual.value is not None:
        return float(actual.value)
    return actual.value_text or actual.get_assessment_display()
