"""Citizen ID numbers (GB 11643-1999) and disability certificate numbers.

The check digit and birth date come from python-stdnum's ``cn.ric``. Its birth-place check is left
out on purpose: it rejects a county code for people born before the code existed (丰都县 500230
"from 1997"), yet everyone in Chongqing born earlier who was issued an 18-digit ID later carries
such a code. We only require the province part of the code to be known.
"""

import contextlib
import contextvars
import datetime
import functools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent

from .choices import IdType, Sex


@dataclass(frozen=True)
class ParsedId:
    id_number: str  # as stored: 18-char ID, or the full disability certificate number
    person_id: str  # the 18-char citizen ID
    sex: str
    birth_date: datetime.date


def normalise(raw: str) -> str:
    return "".join(str(raw or "").split()).upper()


def upgrade_15(number: str) -> str:
    """A 15-digit legacy number becomes 18 digits: century 19 inserted, check digit appended."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


@functools.lru_cache(maxsize=4096)
def known_place(code: str) -> bool:
    """The province part of a 6-digit place code is known (python-stdnum's lookup is uncached)."""
    return any("province" in props for _part, props in numdb.get("cn/loc").info(code))


def validate_citizen_id(number: str) -> str:
    return _validate_citizen_id(number)[0]


def _validate_citizen_id(number: str, today: datetime.date | None = None) -> tuple[str, datetime.date]:
    """The normalised number and its birth date (read once); ``today`` saves a bulk caller the
    clock lookup per number."""
    number = normalise(number)
    if len(number) == 15 and number.isdigit():
        number = upgrade_15(number)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("身份证号应为18位（前17位为数字，末位为数字或X），或15位旧号码。"), code="id_format"
        )
    try:
        if number[17] != ric.calc_check_digit(number):
            raise InvalidChecksum()
    except InvalidChecksum:
        raise ValidationError(_("身份证号校验位不正确，请核对。"), code="id_checksum") from None
    try:
        born = ric.get_birth_date(number)
    except InvalidComponent:
        raise ValidationError(_("身份证号中的出生日期不存在。"), code="id_birth_date") from None
    if born > (today or _today.get() or timezone.localdate()) or born.year < 1900:
        raise ValidationError(_("身份证号中的出生日期不能晚于今天。"), code="id_future")
    if not known_place(number[:6]):
        raise ValidationError(_("身份证号前6位不是有效的行政区划代码。"), code="id_place")
    return number, born


def parse_id(raw: str, id_type: str = IdType.RESIDENT_ID, *, today: datetime.date | None = None) -> ParsedId:
    """Validate and normalise; raises ``ValidationError`` with a Chinese message. A bulk caller
    passes its one ``today`` (default: the local date now)."""
    number = normalise(raw)
    if not number:
        raise ValidationError(_("请填写证件号码。"), code="id_required")
    if id_type == IdType.DISABILITY_CERT or len(number) in (20, 22):
        if len(number) not in (20, 22) or not number[18:].isalnum():
            raise ValidationError(
                _("残疾人证号应为20位或22位，且以有效身份证号开头。"), code="id_cert_format"
            )
        person_id, born = _validate_citizen_id(number[:18], today)
        stored = number
    else:
        person_id, born = _validate_citizen_id(number, today)
        stored = person_id
    sex = Sex.MALE if int(person_id[16]) % 2 else Sex.FEMALE
    return ParsedId(id_number=stored, person_id=person_id, sex=sex, birth_date=born)


def synthetic_id(place: str, born: datetime.date, sequence: int, male: bool) -> str:
    """A valid, made-up ID number for demo and test data (never a real person's)."""
    order = sequence % 500 * 2 + (1 if male else 0)
    body = f"{place}{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


_today: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar("idnumbers_today", default=None)


@contextlib.contextmanager
def one_today(day: datetime.date | None = None):
    """Check every birth date inside the block against one today (a file's rows: one date per
    run instead of ``timezone.localdate()`` per row)."""
    token = _today.set(day or timezone.localdate())
    try:
        yield
    finally:
        _today.reset(token)
