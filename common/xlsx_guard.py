"""Bounded parsing: an xlsx is measured before openpyxl is allowed to read it.

A workbook is a zip of XML. A few hundred KB can declare gigabytes of XML (a "zip bomb") or one
row of millions of cells, and openpyxl builds every row of a read-only sheet as a tuple in memory.
So, before any ``load_workbook``:

1. the zip's declared uncompressed sizes must stay under ``xlsx_max_unzipped_mb``, and no large
   entry may compress better than ``xlsx_max_ratio`` (the declared size also caps what zipfile
   will inflate, so it cannot lie upwards);
2. each worksheet's XML is streamed through expat (constant memory) counting cells: a row wider
   than ``xlsx_max_columns`` or more than ``xlsx_max_cells`` cells in all is refused as soon as it
   is seen. ``header_only`` stops after the first row (the quick check done in a web request).

Every refusal is a ``ServiceError`` with a Chinese sentence; limits are policy numbers.
"""

import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from django.utils.translation import gettext as _

from .errors import ServiceError
from .policies import policy_int

if TYPE_CHECKING:
    from regions.models import Region

MB = 1024 * 1024
RATIO_MIN_ENTRY = 1 * MB  # tiny entries (styles, a few rows) compress well and are harmless
CHUNK = 256 * 1024


@dataclass(frozen=True)
class Limits:
    unzipped_bytes: int
    ratio: int
    cells: int
    columns: int

    @classmethod
    def from_policy(cls, region: "Region | None" = None) -> "Limits":
        return cls(
            unzipped_bytes=policy_int("xlsx_max_unzipped_mb", region) * MB,
            ratio=policy_int("xlsx_max_ratio", region),
            cells=policy_int("xlsx_max_cells", region),
            columns=policy_int("xlsx_max_columns", region),
        )


class _Stop(Exception):
    pass


def _refuse(message: str, code: str) -> ServiceError:
    return ServiceError(message, code=code, field="file")


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> list[str]:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > RATIO_MIN_ENTRY and info.file_size > info.compress_size * limits.ratio:
            raise _refuse(
                _(
                    "Excel文件压缩比异常（%(name)s 解压后是压缩时的 %(ratio)d 倍以上），疑似恶意文件，已拒绝读取。"
                )
                % {"name": info.filename, "ratio": limits.ratio},
                "xlsx_ratio",
            )
    if total > limits.unzipped_bytes:
        raise _refuse(
            _("Excel文件解压后约 %(size)d MB，超过上限 %(limit)d MB，请拆分后分批上传。")
            % {"size": total // MB, "limit": limits.unzipped_bytes // MB},
            "xlsx_too_large",
        )
    return [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]


def _scan_sheet(
    archive: zipfile.ZipFile, name: str, limits: Limits, header_only: bool, seen: list[int]
) -> None:
    """Count cells per row and in all; ``seen[0]`` carries the workbook's running cell total."""
    row_cells = 0
    problem: list[ServiceError] = []

    def start(tag: str, _attrs: Any) -> None:
        nonlocal row_cells
        if tag == "row":
            row_cells = 0
        elif tag == "c":
            row_cells += 1
            seen[0] += 1
            if row_cells > limits.columns:
                problem.append(
                    _refuse(
                        _("Excel表格有一行超过 %(n)d 列，超出可读取的范围，请删除多余的列后重新上传。")
                        % {"n": limits.columns},
                        "xlsx_columns",
                    )
                )
                raise _Stop
            if seen[0] > limits.cells:
                problem.append(
                    _refuse(
                        _("Excel文件的单元格超过 %(n)d 个（行数×列数过大），请拆分后分批上传。")
                        % {"n": limits.cells},
                        "xlsx_cells",
                    )
                )
                raise _Stop

    def end(tag: str) -> None:
        if tag == "row" and header_only:
            raise _Stop

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        pass
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError):
        raise _refuse(_("文件已损坏或不是 Excel（.xlsx）文件，无法读取。"), "xlsx_damaged") from None
    if problem:
        raise problem[0]


def guard_xlsx(
    source: Any, *, header_only: bool = False, limits: Limits | None = None, region: "Region | None" = None
) -> None:
    """Refuse ``source`` (a path or a binary file object) before openpyxl reads it; see module doc."""
    limits = limits or Limits.from_policy(region)
    position = source.tell() if hasattr(source, "tell") else None
    try:
        with zipfile.ZipFile(source) as archive:
            seen = [0]
            for name in _check_archive(archive, limits):
                _scan_sheet(archive, name, limits, header_only, seen)
    except zipfile.BadZipFile:
        raise _refuse(_("文件已损坏或不是 Excel（.xlsx）文件，无法读取。"), "xlsx_damaged") from None
    finally:
        if position is not None:
            source.seek(position)
