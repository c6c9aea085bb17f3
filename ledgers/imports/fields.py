"""Cell parsers for imports: each returns the stored value or raises CellError (Chinese reason)."""

import datetime
import decimal
import functools
import re

from django.utils.translation import gettext as _

from .reading import cell_text

YES_WORDS = {"是", "有", "y", "yes", "1", "true", "√"}
NO_WORDS = {"否", "无", "n", "no", "0", "false", "", "×"}
SPLIT = re.compile(r"[、,，;；/\s]+")


class CellError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = str(reason)


def required_text(value, max_length: int) -> str:
    text = cell_text(value)
    if not text:
        raise CellError(_("必填项为空。"))
    if len(text) > max_length:
        raise CellError(_("内容过长（最多 %(n)d 个字）。") % {"n": max_length})
    return text


def optional_text(value, max_length: int) -> str:
    text = cell_text(value)
    if len(text) > max_length:
        raise CellError(_("内容过长（最多 %(n)d 个字）。") % {"n": max_length})
    return text


@functools.cache
def _values(choices) -> frozenset:
    # TextChoices.values builds a new list on every access: too slow for 100,000 rows × 10 columns.
    return frozenset(choices.values)


def choice(value, choices, *, required: bool, default: str = "") -> str:
    text = cell_text(value)
    if not text:
        if required:
            raise CellError(_("必填项为空。"))
        return default
    if text not in _values(choices):
        options = "、".join(choices.values)
        raise CellError(_("「%(value)s」不在可选值中（%(options)s）。") % {"value": text, "options": options})
    return text


def yes_no(value) -> bool:
    text = cell_text(value).lower()
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise CellError(_("请填写“是”或“否”。"))


def small_int(value, *, low: int, high: int) -> int:
    text = cell_text(value)
    if not text:
        return 0
    if not text.isdigit() or not low <= int(text) <= high:
        raise CellError(_("应为 %(low)d 到 %(high)d 之间的整数。") % {"low": low, "high": high})
    return int(text)


def phone(value) -> str:
    text = cell_text(value)
    if text and not re.fullmatch(r"1\d{10}", text):
        raise CellError(_("联系电话应为11位手机号码。"))
    return text


def id_cell(value) -> str:
    """An ID number typed into a numeric cell has already lost its last digits in Excel."""
    if isinstance(value, int | float) and len(cell_text(value)) > 15:
        raise CellError(_("证件号码是数字格式，末几位已被 Excel 改变；请将该列设为文本后重新填写。"))
    return cell_text(value)


def split_words(value) -> list[str]:
    return [w for w in SPLIT.split(cell_text(value)) if w]


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def date_value(value) -> datetime.date | None:
    """A date cell (Excel date, or typed as 2021-05-01, 2021/5/1, 2021年5月1日); blank is None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("日期格式应为 2021-05-01。"))


def decimal_value(value, *, places: int = 2, positive: bool = False) -> decimal.Decimal | None:
    """A non-negative amount with at most ``places`` decimals (thousands separators allowed)."""
    text = cell_text(value).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise CellError(_("应为数字。")) from None
    if not number.is_finite() or number < 0 or (positive and number == 0):
        raise CellError(_("应为大于 0 的数字。") if positive else _("不能为负数。"))
    if -int(number.as_tuple().exponent) > places:  # finite: the exponent is a number
        raise CellError(_("最多 %(n)d 位小数。") % {"n": places})
    return number.quantize(decimal.Decimal(1).scaleb(-places))
