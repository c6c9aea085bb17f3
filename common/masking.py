"""Masking: the one home of how personal numbers are shown to someone who may not see them in full.

Who sees what is ``User.sees_full_ids()`` (village cadres who keep the register, county users
granted it, superusers). Everything a user reads goes through here: pages, API serializers
(``common.rest.masking``), ledger columns (``ledgers.columns``), exports and notices.

One function per kind turns a full value into its masked form; :class:`Masker` applies them for
one user (``Masker(user).id(value)``), and ``shown_*(value, user)`` do it for a single value.
Changing how a kind is masked is a change to its one function here.

The rule (SPEC 9a): a masked reader must not be able to rebuild an ID number from anything it can
fetch. An 18-digit ID is place (6) + birth date (8) + sequence and check (4), so the masked ID keeps
at most the first 6 and the last 4, and the birth date is never shown whole to the same reader: a
masked birth date is its year (an ``int``). Phones keep the first 3 and the last 4, bank accounts
the last 4. ``tests/test_privacy_walk.py`` walks every page, API resource, ledger and admin page as
each masked role and tries to rebuild a member's ID from what it got.
"""

import datetime
from collections.abc import Callable
from typing import Any


def _keep_last(value: str, keep: int) -> str:
    """Stars for all but the last ``keep`` characters (none kept when that would show half or more)."""
    keep = min(keep, (len(value) - 1) // 2)
    return "*" * (len(value) - keep) + value[len(value) - keep :] if keep > 0 else "*" * len(value)


def mask_id(number: str) -> str:
    """500230********123X: the place and the last four, the birth date hidden. A number too short
    to hide eight characters between them (a passport, an old 15-digit ID is long enough) keeps
    only its last characters."""
    if not number:
        return ""
    if len(number) < 15:
        return _keep_last(number, 4)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    """138****5678; a short number (a landline without area code) keeps at most its last four."""
    if not phone:
        return phone
    if len(phone) < 11:
        return _keep_last(phone, 4)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_birth_date(born: datetime.date | str | None) -> int | None:
    """The birth year only: the month and day are the ID number's hidden middle."""
    if not born:
        return None
    if isinstance(born, str):
        born = datetime.date.fromisoformat(born[:10])
    return born.year


def birth_text(born: datetime.date | int | None) -> str:
    """How a birth date (full reader) or birth year (masked reader) reads on a page."""
    if born is None or born == "":
        return ""
    if isinstance(born, int):
        return f"{born}年生"
    return born.isoformat()


def mask_bank_account(account: str) -> str:
    """**** **** **** 1234 style: only the last four digits, grouped, so the length stays hidden."""
    account = "".join(str(account or "").split())
    if not account:
        return ""
    return "**** " + account[-4:] if len(account) > 4 else "****"


#: model fields holding personal numbers, by kind: the admin leaves them out for masked staff
PERSONAL_FIELDS: dict[str, str] = {
    "id_number": "id",
    "person_id": "id",
    "phone": "phone",
    "birth_date": "birth_date",
    "bank_account": "bank_account",
}

#: every kind, by the name ledger columns and serializers declare
MASKS: dict[str, Callable[[Any], Any]] = {
    "id": mask_id,
    "phone": mask_phone,
    "birth_date": mask_birth_date,
    "bank_account": mask_bank_account,
}


def sees_full(user: Any) -> bool:
    """Whether ``user`` (possibly anonymous or None) sees every number in full."""
    return bool(user is not None and user.is_authenticated and user.sees_full_ids())


class Masker:
    """The masks of one reader: full values if they may see them, masked ones otherwise.

    ``full`` overrides the user's rule where a page widens it (a department reading the ID
    numbers it uploaded itself)."""

    def __init__(self, user: Any = None, *, full: bool | None = None) -> None:
        self.full = sees_full(user) if full is None else full

    def converter(self, kind: str) -> Callable[[Any], Any] | None:
        """The function masking ``kind`` for this reader, or None when they see it in full."""
        return None if self.full else MASKS[kind]

    def show(self, kind: str, value: Any) -> Any:
        return value if self.full else MASKS[kind](value)

    def id(self, value: str) -> str:
        return value if self.full else mask_id(value)

    def phone(self, value: str) -> str:
        return value if self.full else mask_phone(value)

    def birth_date(self, value: datetime.date | str | None) -> datetime.date | str | int | None:
        """The date for a full reader, the year (an ``int``) for anyone else."""
        return value if self.full else mask_birth_date(value)

    def birth_text(self, value: datetime.date | None) -> str:
        """The birth date as a page shows it: ``1985-03-09``, or ``1985年生`` when masked."""
        return birth_text(self.birth_date(value))  # type: ignore[arg-type]

    def bank_account(self, value: str) -> str:
        return value if self.full else mask_bank_account(value)


def shown_id(value: str, user: Any) -> str:
    return Masker(user).id(value)


def shown_phone(value: str, user: Any) -> str:
    return Masker(user).phone(value)


def shown_birth_date(value: datetime.date | str | None, user: Any) -> datetime.date | str | int | None:
    return Masker(user).birth_date(value)


def shown_bank_account(value: str, user: Any) -> str:
    return Masker(user).bank_account(value)
