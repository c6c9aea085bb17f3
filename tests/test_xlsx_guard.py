"""Bounded parsing: spreadsheet bombs are refused before openpyxl reads them, in little memory."""

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from common.errors import ServiceError
from common.xlsx_guard import Limits, guard_xlsx

SMALL = Limits(unzipped_bytes=300 * 1024 * 1024, ratio=100, cells=5_000_000, columns=200)


def workbook_zip(rows: int, columns: int, *, cell: bytes = b"<c><v>1</v></c>") -> bytes:
    """A workbook whose one sheet has ``rows`` × ``columns`` cells, written in chunks (the XML
    itself may be far larger than the result)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            for _r in range(rows):
                sheet.write(b"<row>")
                left = columns
                while left > 0:  # in blocks: the XML is never held whole
                    n = min(left, 100_000)
                    sheet.write(cell * n)
                    left -= n
                sheet.write(b"</row>")
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def real_workbook() -> bytes:
    book = Workbook()
    for r in range(50):
        book.active.append([f"r{r}c{c}" for c in range(10)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_one_row_of_three_million_cells_is_refused_fast_and_small():
    bomb = workbook_zip(1, 3_000_000)
    assert len(bomb) < 1024 * 1024  # a few hundred KB on the wire
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ServiceError) as refused:
            guard_xlsx(io.BytesIO(bomb), limits=SMALL)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code in ("xlsx_ratio", "xlsx_columns")
    assert time.monotonic() - started < 10
    assert peak < 20 * 1024 * 1024


def test_a_row_wider_than_the_column_limit_is_refused_even_in_the_header_check():
    wide = workbook_zip(1, 300)
    with pytest.raises(ServiceError, match="超过 200 列") as refused:
        guard_xlsx(io.BytesIO(wide), header_only=True, limits=SMALL)
    assert refused.value.code == "xlsx_columns"


def test_rows_times_columns_over_the_cell_budget_is_refused():
    many = workbook_zip(200, 20)
    limits = Limits(unzipped_bytes=SMALL.unzipped_bytes, ratio=100, cells=1000, columns=200)
    with pytest.raises(ServiceError, match="单元格超过 1000 个"):
        guard_xlsx(io.BytesIO(many), limits=limits)
    guard_xlsx(io.BytesIO(many), header_only=True, limits=limits)  # the first row alone is fine


def test_declared_uncompressed_size_over_the_limit_is_refused():
    big = workbook_zip(2000, 100)  # ~3 MB of XML
    limits = Limits(unzipped_bytes=1024 * 1024, ratio=100_000, cells=10**9, columns=200)
    with pytest.raises(ServiceError, match="解压后") as refused:
        guard_xlsx(io.BytesIO(big), limits=limits)
    assert refused.value.code == "xlsx_too_large"


def test_absurd_compression_ratio_is_refused():
    with pytest.raises(ServiceError) as refused:
        guard_xlsx(io.BytesIO(workbook_zip(1000, 190)), limits=SMALL)
    assert refused.value.code == "xlsx_ratio"


def test_a_normal_workbook_passes_and_the_stream_is_rewound():
    source = io.BytesIO(real_workbook())
    source.seek(0)
    guard_xlsx(source, limits=SMALL)
    assert source.tell() == 0


@pytest.mark.django_db
def test_limits_come_from_policy_settings():
    limits = Limits.from_policy()
    assert (limits.columns, limits.cells, limits.ratio) == (200, 5_000_000, 100)
    assert limits.unzipped_bytes == 300 * 1024 * 1024


@pytest.fixture
def bomb_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bomb.xlsx", workbook_zip(1, 3_000_000))


def test_department_upload_bomb_is_refused_in_the_request(county_user, bomb_upload):
    from clues.models import DepartmentUpload
    from clues.uploads import upload_create

    with pytest.raises(ServiceError) as refused:
        upload_create(by=county_user, kind="medical_costs", fileobj=bomb_upload, name="bomb.xlsx")
    assert refused.value.code in ("xlsx_ratio", "xlsx_columns")
    assert not DepartmentUpload.objects.exists()


def test_import_bomb_ends_refused_with_its_reason(cadre_a, bomb_upload):
    from ledgers.import_services import import_start, import_validate
    from ledgers.models import ImportRun

    run = import_start(kind="households", upload=bomb_upload, by=cadre_a)
    run = import_validate(run_id=run.pk)
    assert run.status == ImportRun.Status.INVALID
    assert "拒绝读取" in run.message or "列" in run.message
