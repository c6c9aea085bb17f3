"""Masking: the one home of how personal numbers are shown to someone who may not see them in full.

Who sees what is ``User.sees_full_ids()`` (village cadres who keep the register, county users
granted it, superusers). Everything a user reads goes through here: pages, API serializers
(``common.rest.masking``), ledger columns (``ledgers.columns``), exports and notices.

One function per kind turns a full value into its masked form; :class:`Masker` applies them for
one user (``Masker(user).id(value)``), and ``shown_*(value, user)`` do it for a single value.
Changing how a kind is masked is a change to its one function here.
"""

import datetime
from collections.abc import Callable
from typing import Any


def mask_id(number: str) -> str:
    """500230********123X: the place and the last four, the birth date hidden."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    """138****5678 (a short or empty value is left as it is)."""
    if not phone or len(phone) < 7:
        return phone
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_birth_date(born: datetime.date | str | None) -> datetime.date | str | None:
    """Birth dates are shown as they are today (the ID number's birth part is what is hidden).
    This is the one place to change if they should become ages instead."""
    return born


def mask_bank_account(account: str) -> str:
    """**** **** **** 1234 style: only the last four digits, grouped, so the length stays hidden."""
    account = "".join(str(account or "").split())
    if not account:
        return ""
    return "**** " + account[-4:] if len(account) > 4 else "****"


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

    def birth_date(self, value: datetime.date | str | None) -> datetime.date | str | None:
        return value if self.full else mask_birth_date(value)

    def bank_account(self, value: str) -> str:
        return value if self.full else mask_bank_account(value)


def shown_id(value: str, user: Any) -> str:
    return Masker(user).id(value)


def shown_phone(value: str, user: Any) -> str:
    return Masker(user).phone(value)


def shown_birth_date(value: datetime.date | str | None, user: Any) -> datetime.date | str | None:
    return Masker(user).birth_date(value)


def shown_bank_account(value: str, user: Any) -> str:
    return Masker(user).bank_account(value)
