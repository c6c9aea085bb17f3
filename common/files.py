"""Every uploaded file is checked here, by content, before it is stored.

The name and the browser's content type are the sender's claims; the bytes decide. Images must
open and verify in Pillow as JPEG, PNG or WebP; a PDF starts with ``%PDF-``; an xlsx is a zip
holding ``[Content_Types].xml`` and ``xl/workbook.xml``; a csv is text without NUL bytes in UTF-8
or GB18030. Size limits are policy numbers (``upload_max_mb_document`` / ``upload_max_mb_data``).
A refused file raises ``ServiceError`` with a Chinese message on the form's field.

The stored name gets the extension of what the content is, so the media view serves it with the
right type (and never an HTML page named ``.jpg`` as a page).
"""

import codecs
import io
import uuid
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from .errors import ServiceError
from .policies import policy_int

if TYPE_CHECKING:
    from regions.models import Region

IMAGE, PDF, XLSX, CSV = "image", "pdf", "xlsx", "csv"
DOCUMENTS = frozenset({IMAGE, PDF})  # photos, scans: visit photos, step attachments
DATA = frozenset({XLSX, CSV})  # spreadsheets: department files, imports
MB = 1024 * 1024
HEAD_BYTES = 64 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
LABELS = {IMAGE: "JPEG/PNG/WebP 图片", PDF: "PDF", XLSX: "Excel（.xlsx）", CSV: "CSV"}


def _size(fileobj: Any) -> int:
    size = getattr(fileobj, "size", None)
    if size is None:
        position = fileobj.tell()
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(position)
    return int(size)


def max_bytes(allowed: Iterable[str], region: "Region | None" = None) -> int:
    key = "upload_max_mb_data" if set(allowed) & DATA else "upload_max_mb_document"
    return policy_int(key, region) * MB


def _image_format(fileobj: Any) -> str | None:
    from PIL import Image

    fileobj.seek(0)
    try:
        with Image.open(fileobj) as image:
            kind = image.format
            image.verify()  # reads the whole stream: a truncated or forged image fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    except Exception:  # noqa: BLE001 - Pillow raises many types for what is not an image
        return None
    finally:
        fileobj.seek(0)
    return IMAGE_FORMATS.get(kind or "")


def _is_xlsx(fileobj: Any) -> bool:
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        fileobj.seek(0)
    return {"[Content_Types].xml", "xl/workbook.xml"} <= names


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect(fileobj: Any, allowed: Iterable[str]) -> tuple[str, str] | None:
    """(kind, extension) of the content among ``allowed``, or None; a damaged workbook or a text
    file in an unknown encoding raises ``_Refused`` with the precise reason. Markup (HTML, SVG,
    XML) is never taken as csv."""
    allowed = set(allowed)
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    looks_like_image = (
        head[:3] == b"\xff\xd8\xff"
        or head[:8] == b"\x89PNG\r\n\x1a\n"
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )
    if looks_like_image:
        if IMAGE not in allowed:
            return None
        extension = _image_format(fileobj)
        return (IMAGE, extension) if extension else None
    if PDF in allowed and head.startswith(b"%PDF-"):
        return PDF, "pdf"
    if XLSX in allowed and head.startswith(b"\xd0\xcf\x11\xe0"):  # legacy .xls (OLE)
        raise _Refused(_("不支持旧版 .xls 文件，请在Excel中另存为 .xlsx 或 CSV 后上传。"), "format")
    if XLSX in allowed and head.startswith(b"PK\x03\x04"):
        if not _is_xlsx(fileobj):
            raise _Refused(_("文件已损坏或不是 Excel（.xlsx）文件，无法读取，已拒收。"), "xlsx_damaged")
        return XLSX, "xlsx"
    if CSV in allowed and head.strip() and not head.lstrip().startswith(b"<"):
        if not _is_text(head):
            raise _Refused(
                _(
                    "无法识别文件编码（文件含空字节或不是UTF-8/GBK文本），已拒收。"
                    "请另存为UTF-8或GBK编码的CSV文件，或XLSX文件。"
                ),
                "encoding",
            )
        return CSV, "csv"
    return None


class _Refused(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message, self.code = str(message), code


def validate_upload(
    fileobj: Any, *, allowed: Iterable[str], field: str = "file", region: "Region | None" = None
) -> str:
    """Check size and content; rename ``fileobj`` to a random name with the true extension.

    Returns the kind found (``image``/``pdf``/``xlsx``/``csv``); raises ``ServiceError``.
    """
    allowed = frozenset(allowed)
    limit = max_bytes(allowed, region)
    size = _size(fileobj)
    if size == 0:
        raise ServiceError(_("文件是空的，请重新选择。"), code="file_empty", field=field)
    if size > limit:
        raise ServiceError(
            _("文件太大（%(size).1f MB），上限为 %(limit)d MB。") % {"size": size / MB, "limit": limit // MB},
            code="file_too_large",
            field=field,
        )
    try:
        found = detect(fileobj, allowed)
    except _Refused as refused:
        raise ServiceError(refused.message, code=refused.code, field=field) from None
    if found is None:
        names = "、".join(LABELS[k] for k in (IMAGE, PDF, XLSX, CSV) if k in allowed)
        raise ServiceError(
            _("文件内容不是允许的类型（只接受 %(types)s），已拒收。请检查文件后重新上传。")
            % {"types": names},
            code="file_type",
            field=field,
        )
    kind, extension = found
    if hasattr(fileobj, "name"):
        fileobj.name = f"{uuid.uuid4().hex}.{extension}"
    return kind


def validate_uploads(
    files: Iterable[Any], *, allowed: Iterable[str], field: str, region: "Region | None" = None
) -> list[Any]:
    files = list(files)
    for fileobj in files:
        validate_upload(fileobj, allowed=allowed, field=field, region=region)
    return files
