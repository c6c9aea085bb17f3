"""Streaming xlsx writer for ledgers (XlsxWriter ``constant_memory``).

Chosen over openpyxl write-only after measuring both (``bench/ledger_export.py``; SPEC 10 gives
the same ratio): XlsxWriter is about 1.5x faster with flat memory. In constant-memory mode each
row goes to a temporary file as soon as the next row starts, so a sheet of a million rows costs
the memory of one row. Every sheet gets the title row (ledger, region, date, who exported), a
frozen bold header, an autofilter, column widths and number/date formats, a 序号 (row number)
column unless the ledger has its own, and a print set-up (A4 landscape, fit to one page wide, title
and header repeated on every printed page); past ``max_rows`` data rows the ledger continues on a
new sheet instead of failing at Excel's 1,048,576-row limit.
"""

from collections.abc import Iterable, Sequence

import xlsxwriter
from django.utils.translation import gettext_lazy as _

from .columns import Column, integer

NUMBER_FORMATS = {"int": "0", "money": "#,##0.00", "date": "yyyy-mm-dd"}
# Title row + header row: Excel's 1,048,576 rows leave this many for data on one sheet.
EXCEL_MAX_DATA_ROWS = 1_048_576 - 2
A4 = 9
ROW_NUMBER = integer(_("序号"), "", 6)


class LedgerWriter:
    def __init__(
        self,
        path,
        *,
        sheet_title: str,
        title_line: str,
        columns: Sequence[Column],
        max_rows: int,
        numbered: bool = True,
    ):
        self.workbook = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self.sheet_title = sheet_title[:25]
        self.title_line = title_line
        # The 序号 column is written by the writer itself (it counts across sheets).
        self.numbered = numbered
        self.columns = [ROW_NUMBER, *columns] if numbered else list(columns)
        self.max_rows = min(max_rows, EXCEL_MAX_DATA_ROWS)
        wb = self.workbook
        self.title_format = wb.add_format({"bold": True, "font_size": 14})
        self.header_format = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        self.formats = {kind: wb.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
        self.sheets = 0
        self.rows = 0

    def _new_sheet(self):
        self.sheets += 1
        name = self.sheet_title if self.sheets == 1 else f"{self.sheet_title}({self.sheets})"
        ws = self.workbook.add_worksheet(name)
        last = len(self.columns) - 1
        for c, column in enumerate(self.columns):
            ws.set_column(c, c, column.width)
        ws.merge_range(0, 0, 0, max(last, 1), self.title_line, self.title_format)
        ws.set_row(1, 30)
        for c, column in enumerate(self.columns):
            ws.write_string(1, c, str(column.header), self.header_format)
        ws.freeze_panes(2, 0)
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as it takes
        ws.repeat_rows(0, 1)
        # Bound methods per column, looked up once: the inner loop is the hot path.
        self._cells = [
            (ws.write_string, None) if col.kind == "text" else (ws.write_number, self.formats[col.kind])
            for col in self.columns
        ]
        return ws

    def _close_sheet(self, ws, data_rows: int) -> None:
        ws.autofilter(1, 0, 1 + data_rows, len(self.columns) - 1)

    def write(self, rows: Iterable[Sequence], progress=None, every: int = 5000) -> int:
        ws = self._new_sheet()
        on_sheet = 0
        for values in rows:
            if on_sheet == self.max_rows:
                self._close_sheet(ws, on_sheet)
                ws, on_sheet = self._new_sheet(), 0
            r = on_sheet + 2
            offset = 0
            if self.numbered:
                ws.write_number(r, 0, self.rows + 1)
                offset = 1
            for c, value in enumerate(values, offset):
                if value is None or value == "":
                    continue
                write, fmt = self._cells[c]
                write(r, c, value, fmt)
            on_sheet += 1
            self.rows += 1
            if progress and self.rows % every == 0:
                progress(self.rows)
        self._close_sheet(ws, on_sheet)
        return self.rows

    def close(self) -> None:
        self.workbook.close()
