"""Column declarations: a Chinese header, a width, a cell kind and where the value comes from.

A column reads one or more fields of a ``values_list`` row (``source``), or a value computed per
chunk of rows (``extra``: e.g. a case's risk types), and turns them into a cell value. Cell kinds
decide the Excel number format: ``text`` (written as a string, so ID numbers never become
1.2E+17), ``int``, ``money`` (#,##0.00), ``date`` (yyyy-mm-dd).
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from common.masking import Masker

EXCEL_EPOCH = datetime.date(1899, 12, 30)
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    header: Any  # str or lazy str
    source: Sequence[str] = ()
    width: float = 12
    kind: str = "text"  # text, int, money, date
    convert: Callable[..., Any] | None = None
    extra: str = ""  # name of a per-chunk lookup on the ledger, keyed by the row's pk
    mask: str = (
        ""  # a kind of common.masking.MASKS ("id", "phone", ...): masked unless the user sees full numbers
    )
    region_level: str = ""  # "township" or "village": the name of that region above the source id
    fields: tuple = field(default=(), compare=False)
    # What a masked reader gets instead, when the masked value is another kind of cell (a birth
    # date becomes a birth year: header and cell kind change with it).
    masked_header: Any = None
    masked_kind: str = ""

    def for_reader(self, *, full_ids: bool) -> "Column":
        """This column as one reader sees it (its masked header and cell kind if masked)."""
        if full_ids or not self.mask or (self.masked_header is None and not self.masked_kind):
            return self
        return replace(
            self,
            header=self.masked_header if self.masked_header is not None else self.header,
            kind=self.masked_kind or self.kind,
        )


def columns_for(columns: Sequence[Column], *, full_ids: bool) -> list[Column]:
    """The columns as one reader sees them: the writer's headers and the getters agree on it."""
    return [column.for_reader(full_ids=full_ids) for column in columns]


def _label(choices) -> Callable[[Any], str]:
    labels = {value: str(label) for value, label in choices.choices}
    return lambda value: labels.get(value, value or "")


def text(header, source: str, width: float = 12, **kw) -> Column:
    return Column(header, (source,), width, "text", **kw)


def choice(header, source: str, choices, width: float = 12) -> Column:
    return Column(header, (source,), width, "text", convert=_label(choices))


def flag(header, source: str, width: float = 8) -> Column:
    return Column(header, (source,), width, "text", convert=lambda v: YES if v else NO)


def date(header, source: str, width: float = 12) -> Column:
    return Column(header, (source,), width, "date")


def birth_date(header, source: str, width: float = 12, masked_header: Any = None) -> Column:
    """A birth date; a masked reader gets the birth year (an integer) under ``masked_header``."""
    return Column(
        header,
        (source,),
        width,
        "date",
        mask="birth_date",
        masked_header=masked_header if masked_header is not None else _("出生年份"),
        masked_kind="int",
    )


def integer(header, source: str, width: float = 10) -> Column:
    return Column(header, (source,), width, "int")


def money(header, source: str, width: float = 14) -> Column:
    return Column(header, (source,), width, "money")


def id_number(header, source: str, width: float = 22) -> Column:
    return Column(header, (source,), width, "text", mask="id")


def phone(header, source: str, width: float = 14) -> Column:
    return Column(header, (source,), width, "text", mask="phone")


def region(header, source: str, level: str, width: float = 12) -> Column:
    return Column(header, (source,), width, "text", region_level=level)


def computed(
    header, sources: Sequence[str], fn: Callable[..., Any], width: float = 12, kind="text"
) -> Column:
    return Column(header, tuple(sources), width, kind, convert=fn)


def extra(header, name: str, width: float = 16, kind: str = "text", mask: str = "") -> Column:
    return Column(header, (), width, kind, extra=name, mask=mask)


def _as_serial(value):
    """Dates go in as Excel serial numbers: a plain number write is the fastest cell there is."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    return (value - EXCEL_EPOCH).days


def _as_number(value):
    if value is None or value == "":
        return None
    return float(value) if isinstance(value, Decimal) else value


def compile_getters(columns: Sequence[Column], fields: list[str], *, full_ids: bool, region_names) -> list:
    """One function per column turning (row, extras) into the cell value, masking included."""
    getters = []
    for column in columns_for(columns, full_ids=full_ids):
        getters.append(_getter(column, fields, full_ids, region_names))
    return getters


def _getter(column: Column, fields: list[str], full_ids: bool, region_names) -> Callable:
    post = {"date": _as_serial, "money": _as_number, "int": _as_number}.get(column.kind)
    mask = Masker(full=full_ids).converter(column.mask) if column.mask else None
    if column.extra:
        name = column.extra
        if mask:
            return lambda row, extras: mask(extras[name].get(row[0], ""))
        if post:  # a number or date, or an empty cell
            return lambda row, extras: post(extras[name].get(row[0]))
        return lambda row, extras: extras[name].get(row[0], "")
    indexes = [fields.index(src) for src in column.source]
    convert = column.convert
    if column.region_level:
        names = region_names(column.region_level)
        convert = names.get
    elif mask:
        convert = mask
    if len(indexes) == 1:
        (i,) = indexes
        if convert and post:
            return lambda row, extras: post(convert(row[i]))
        if convert:
            return lambda row, extras: convert(row[i])
        if post:
            return lambda row, extras: post(row[i])
        return lambda row, extras: row[i]
    assert convert, "a column over several fields needs a convert function"
    if post:
        return lambda row, extras: post(convert(*(row[i] for i in indexes)))
    return lambda row, extras: convert(*(row[i] for i in indexes))
