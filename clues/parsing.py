"""Reading department files: sniff the format and encoding, then validate every row, streaming.

``sniff`` looks at the first 64 KB only, so a wrong or garbage file (whatever its size) is refused
at once with a Chinese message. ``validate_rows`` then reads the file row by row (csv reader /
openpyxl read-only), validates each value and writes the clean rows, already normalised into the
staging slots, to a temporary CSV for the loader: memory stays flat however long the file.
"""

import codecs
import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ServiceError
from common.xlsx_guard import guard_xlsx
from households.idnumbers import parse_id

from .datasets import SLOTS, Column, Kind

SNIFF_BYTES = 64 * 1024
MAX_ERRORS_KEPT = 10_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
MAX_AMOUNT = Decimal("9999999999.99")
ID_CACHE_MAX = 100_000  # distinct ID numbers remembered per run (a few tens of MB at most)


@dataclass(frozen=True)
class Sniffed:
    file_format: str  # csv / xlsx
    encoding: str
    headers: list[str]


@dataclass
class ParseResult:
    rows: int = 0
    error_count: int = 0
    errors: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, column, value, reason
    staging_path: str = ""


def detect_encoding(head: bytes) -> str:
    if b"\x00" in head:
        raise ServiceError(
            _(
                "无法识别文件编码：文件含有空字节（可能是UTF-16编码或二进制文件）。请另存为UTF-8或GBK编码的CSV文件，或XLSX文件。"
            ),
            code="encoding",
        )
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):  # GB18030 is a superset of GBK and GB2312
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ServiceError(
        _("无法识别文件编码：请将CSV文件保存为UTF-8或GBK（GB18030）编码后重新上传。"), code="encoding"
    )


def sniff(fileobj, kind: Kind) -> Sniffed:
    """Format, encoding and header of ``fileobj``; raises ``ServiceError`` for a file we cannot take."""
    fileobj.seek(0)
    head = fileobj.read(SNIFF_BYTES)
    fileobj.seek(0)
    if not head.strip():
        raise ServiceError(_("文件是空的，请选择包含表头和数据的文件。"), code="empty")
    if head.startswith(OLE_MAGIC):
        raise ServiceError(_("不支持旧版 .xls 文件，请在Excel中另存为 .xlsx 或 CSV 后上传。"), code="format")
    if head.startswith(ZIP_MAGIC):
        sniffed = Sniffed("xlsx", "", xlsx_headers(fileobj))
    else:
        encoding = detect_encoding(head)
        first_line = head.split(b"\n", 1)[0]
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(first_line)
        headers = next(csv.reader([text.lstrip("\ufeff")]), [])
        sniffed = Sniffed("csv", encoding, [h.strip() for h in headers])
    check_headers(kind, sniffed.headers)
    return sniffed


def xlsx_headers(fileobj) -> list[str]:
    from openpyxl import load_workbook

    guard_xlsx(fileobj, header_only=True)  # in the web request: zip sizes and the first row only
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
        first = next(workbook.active.iter_rows(max_row=1, values_only=True), ())  # type: ignore[union-attr]  # a workbook has an active sheet
        workbook.close()
    except Exception:  # openpyxl raises many types for a damaged archive
        raise ServiceError(_("XLSX文件已损坏或不是Excel文件，请检查后重新上传。"), code="format") from None
    finally:
        fileobj.seek(0)
    return [str(h).strip() if h is not None else "" for h in first]


def check_headers(kind: Kind, headers: list[str]) -> None:
    if not any(headers):
        raise ServiceError(_("文件第一行应为表头，但第一行是空的。"), code="columns")
    missing = [c.header for c in kind.columns if c.required and c.header not in headers]
    if missing:
        raise ServiceError(
            _("文件表头与“%(kind)s”模板不符，缺少列：%(missing)s。请下载模板，按模板的列名填写。")
            % {"kind": kind.label, "missing": "、".join(missing)},
            code="columns",
        )
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicated:
        raise ServiceError(_("表头有重复的列：%s。") % "、".join(duplicated), code="columns")


def iter_rows(fileobj, sniffed: Sniffed, on_progress: Callable[[float], None]) -> Iterator[tuple[int, list]]:
    """(row number as the user sees it, cell values) for each non-empty data row."""
    if sniffed.file_format == "xlsx":
        yield from iter_xlsx(fileobj, on_progress)
        return
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell() or 1
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding=sniffed.encoding, newline="")
    reader = csv.reader(text)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            if number == 1:
                continue
            if number % 20_000 == 0:
                on_progress(fileobj.tell() / size)
            if any(cell.strip() for cell in row):
                yield number, row
    except UnicodeDecodeError:
        raise ServiceError(
            _("第%(row)d行附近有无法按%(enc)s解码的字符：请将整个文件保存为UTF-8或GBK编码。")
            % {"row": number + 1, "enc": sniffed.encoding},
            code="encoding",
        ) from None
    except csv.Error as exc:
        raise ServiceError(
            _("第%(row)d行不是有效的CSV：%(err)s") % {"row": number + 1, "err": exc}, code="csv"
        ) from None
    finally:
        text.detach()


def iter_xlsx(fileobj, on_progress) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    guard_xlsx(fileobj)  # in the worker: every row measured before openpyxl builds any
    workbook = load_workbook(fileobj, read_only=True, data_only=True)
    sheet = workbook.active
    assert sheet is not None  # a workbook has an active sheet
    total = sheet.max_row or 0
    try:
        for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            if total and number % 20_000 == 0:
                on_progress(number / total)
            if any(v is not None and str(v).strip() for v in row):
                yield number, list(row)
    finally:
        workbook.close()


class Run:
    """What one validation run shares: one "today", and each distinct ID number checked once."""

    def __init__(self, today: datetime.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.ids: dict[str, str | ValidationError] = {}


def clean_value(column: Column, raw, run: Run | None = None) -> str:
    """The value normalised for its staging slot, as text; raises ValidationError (Chinese)."""
    if isinstance(raw, float | int) and column.type == "id":
        raise ValidationError(_("身份证号被Excel当作数字保存（末几位会丢失），请将该列设为文本格式。"))
    if isinstance(raw, datetime.datetime | datetime.date):
        value = raw.date().isoformat() if isinstance(raw, datetime.datetime) else raw.isoformat()
    elif isinstance(raw, float) and raw.is_integer():
        value = str(int(raw))
    else:
        value = "" if raw is None else str(raw).strip()
    if not value:
        if column.required:
            raise ValidationError(_("必填项为空。"))
        return ""
    return CLEANERS[column.type](column, value, run or Run())


def clean_id(column: Column, value: str, run: Run) -> str:
    known = run.ids.get(value)
    if known is None:
        try:
            known = parse_id(value, today=run.today).person_id
        except ValidationError as exc:
            known = ValidationError(exc.messages[0])
        if len(run.ids) < ID_CACHE_MAX:
            run.ids[value] = known
    if isinstance(known, ValidationError):
        raise known
    return known


def clean_name(column: Column, value: str, run: Run) -> str:
    if len(value) > 64:
        raise ValidationError(_("姓名过长（最多64个字）。"))
    return value


def clean_choice(column: Column, value: str, run: Run) -> str:
    if value not in column.choices:
        raise ValidationError(_("应为以下之一：%s。") % "、".join(column.choices))
    return value


def clean_date(column: Column, value: str, run: Run) -> str:
    text = value.split(" ")[0].replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y%m%d"):
        try:
            day = datetime.datetime.strptime(text, pattern).date()
            break
        except ValueError:
            continue
    else:
        raise ValidationError(_("日期格式应为 2025-03-01。"))
    if day > run.today:
        raise ValidationError(_("日期不能晚于今天。"))
    if day.year < 1900:
        raise ValidationError(_("日期早于1900年。"))
    return day.isoformat()


def clean_amount(column: Column, value: str, run: Run) -> str:
    try:
        amount = Decimal(value.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise ValidationError(_("金额应为数字（单位：元）。")) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValidationError(_("金额应在0到99.99亿元之间。"))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("金额最多保留两位小数。"))
    return str(amount.quantize(Decimal("0.01")))


def clean_year(column: Column, value: str, run: Run) -> str:
    if not value.isdigit() or not 2000 <= int(value) <= run.today.year:
        raise ValidationError(_("年度应为2000年至今年之间的四位数字。"))
    return value


def clean_text(column: Column, value: str, run: Run) -> str:
    if len(value) > 200:
        raise ValidationError(_("内容过长（最多200个字）。"))
    return value


CLEANERS = {
    "id": clean_id,
    "name": clean_name,
    "choice": clean_choice,
    "date": clean_date,
    "amount": clean_amount,
    "year": clean_year,
    "text": clean_text,
}


def clean_cells(
    number: int, cells: list, positions: list[tuple[Column, int]], run: Run, result: "ParseResult"
) -> list[str] | None:
    """The row in slot order (row number first), or None after recording its errors in ``result``."""
    slots = dict.fromkeys(SLOTS, "")
    ok = True
    for column, index in positions:
        raw = cells[index] if index < len(cells) else None
        try:
            slots[column.slot] = clean_value(column, raw, run)
        except ValidationError as exc:
            ok = False
            result.error_count += 1
            if len(result.errors) < MAX_ERRORS_KEPT:
                result.errors.append((number, column.header, str(raw or "")[:100], exc.messages[0]))
    return [str(number), *(slots[s] for s in SLOTS)] if ok else None


def column_positions(kind: Kind, headers: list[str]) -> list[tuple[Column, int]]:
    return [(c, headers.index(c.header)) for c in kind.columns if c.header in headers]


def validate_rows(
    fileobj,
    kind: Kind,
    sniffed: Sniffed,
    on_progress: Callable[[float], None] = lambda f: None,
    run: Run | None = None,
) -> ParseResult:
    """Validate every row; clean rows go to a temporary CSV in slot order (removed by the caller)."""
    positions = column_positions(kind, sniffed.headers)
    run = run or Run()
    result = ParseResult()
    staging = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", suffix=".csv", prefix="clues_", delete=False
    )
    result.staging_path = staging.name
    writer = csv.writer(staging, quoting=csv.QUOTE_ALL)
    with staging:
        for number, cells in iter_rows(fileobj, sniffed, on_progress):
            row = clean_cells(number, cells, positions, run, result)
            if row is not None:
                writer.writerow(row)
            result.rows += 1
    return result
