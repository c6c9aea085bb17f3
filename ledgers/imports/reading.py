"""Reading an uploaded workbook and reporting row errors.

A file that is not a readable xlsx, or lacks required columns, is refused as a whole
(:class:`FileRefused`, one Chinese sentence); otherwise each problem becomes a :class:`RowError`
(Excel row number, column header, the value as given, the reason in Chinese) and the whole list
goes into a downloadable error workbook.
"""

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from common.errors import ServiceError
from common.xlsx_guard import guard_xlsx

XLSX_MAGIC = b"PK\x03\x04"
HEADER_SEARCH_ROWS = 5  # our own exports put a title row above the header


class FileRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str


def check_upload(head: bytes, size: int, max_bytes: int) -> None:
    """Cheap checks before anything is stored: empty, too large, not a zip container."""
    if size == 0:
        raise FileRefused(_("文件为空，请选择填写好的 Excel 文件。"))
    if size > max_bytes:
        raise FileRefused(_("文件超过 %(mb)d MB，请拆分后分批导入。") % {"mb": max_bytes // (1024 * 1024)})
    if not head.startswith(XLSX_MAGIC):
        raise FileRefused(_("文件不是有效的 Excel（.xlsx）文件，请用 Excel 或 WPS 另存为 .xlsx 后再导入。"))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class Sheet:
    headers: dict[str, int]  # header -> column index
    rows: Iterator[tuple[int, Sequence[Any]]]  # (Excel row number, raw cell values)
    workbook: Any

    def close(self):
        self.workbook.close()


def open_sheet(path, required: Sequence[str], aliases: dict | None = None) -> Sheet:
    """The first sheet: find the header row (among the first rows), check required columns."""
    import openpyxl

    try:
        guard_xlsx(path)  # zip sizes, compression ratio, columns and cells before openpyxl reads
    except ServiceError as refused:
        raise FileRefused(refused.message) from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise FileRefused(_("文件已损坏或不是 Excel（.xlsx）文件，无法读取。")) from None
    sheet = workbook.worksheets[0]
    rows = enumerate(sheet.iter_rows(values_only=True), start=1)
    best: dict[str, int] = {}
    for number, values in rows:
        headers: dict[str, int] = {}
        for i, value in enumerate(values or ()):
            text = _cell_text(value).rstrip("*＊")  # the template marks required columns with *
            if text:
                headers.setdefault((aliases or {}).get(text, text), i)
        if set(required) <= set(headers):
            return Sheet(headers=headers, rows=rows, workbook=workbook)
        if len(set(required) & set(headers)) > len(set(required) & set(best)):
            best = headers
        if number >= HEADER_SEARCH_ROWS:
            break
    workbook.close()
    if not best:
        raise FileRefused(
            _("没有找到表头。第一行（或标题下一行）应为列名，例如：%(cols)s。")
            % {"cols": "、".join(required)}
        )
    missing = [h for h in required if h not in best]
    raise FileRefused(_("缺少必需的列：%(cols)s。请使用导入模板。") % {"cols": "、".join(missing)})


def data_rows(sheet: Sheet) -> Iterator[tuple[int, dict]]:
    """Non-empty rows as {header: text}, with their Excel row numbers."""
    columns = list(sheet.headers.items())
    for number, values in sheet.rows:
        if not values or all(v is None or str(v).strip() == "" for v in values):
            continue
        width = len(values)
        yield number, {h: (values[i] if i < width else None) for h, i in columns}


def cell_text(value) -> str:
    return _cell_text(value)


def write_error_workbook(path, errors: Sequence[RowError]) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    ws = workbook.add_worksheet(_("错误报告"))
    bold = workbook.add_format({"bold": True, "bg_color": "#F8D7DA", "border": 1})
    for c, (header, width) in enumerate(((_("行号"), 8), (_("列"), 14), (_("值"), 24), (_("原因"), 60))):
        ws.set_column(c, c, width)
        ws.write_string(0, c, header, bold)
    ws.freeze_panes(1, 0)
    for r, error in enumerate(errors, start=1):
        ws.write_number(r, 0, error.row)
        ws.write_string(r, 1, error.column)
        ws.write_string(r, 2, error.value)
        ws.write_string(r, 3, error.reason)
    ws.autofilter(0, 0, max(len(errors), 1), 3)
    workbook.close()
