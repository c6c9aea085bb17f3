"""common.masking: one function per kind, and a Masker that applies them for one reader."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from common.masking import (
    MASKS,
    PERSONAL_FIELDS,
    Masker,
    birth_text,
    mask_bank_account,
    mask_birth_date,
    mask_id,
    mask_phone,
    shown_bank_account,
    shown_birth_date,
    shown_id,
    shown_phone,
)

ID = "50023019850309121X"


def test_id_keeps_place_and_last_four():
    assert mask_id(ID) == "500230********121X"
    assert mask_id("50023019850309121X11") == "500230**********121X".replace("121X", "X11")[:0] + (
        "500230" + "*" * 10 + "21X11"[-4:]
    )
    assert mask_id("") == ""


def test_short_ids_never_come_back_whole():
    """The 6 + 4 rule on a number shorter than 15 characters kept (almost) all of it."""
    assert mask_id("E12345678") == "*****5678"
    assert mask_id("AB12345") == "****345"
    assert mask_id("1234") == "***4"


def test_phone_keeps_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""


def test_short_phones_keep_at_most_the_last_four():
    """A 7-digit landline was "masked" as itself (3 + 0 stars + 4)."""
    assert mask_phone("7061234") == "****234"
    assert mask_phone("12345") == "***45"
    assert mask_phone("0237061234") == "******1234"


def test_birth_date_becomes_its_year():
    """The month and day are the ID number's hidden middle: a masked reader gets the year only."""
    assert mask_birth_date(datetime.date(1985, 3, 9)) == 1985
    assert mask_birth_date("1985-03-09") == 1985
    assert mask_birth_date(None) is None


def test_birth_text_reads_date_or_year():
    assert birth_text(datetime.date(1985, 3, 9)) == "1985-03-09"
    assert birth_text(1985) == "1985年生"
    assert birth_text(None) == ""


def test_bank_account_keeps_last_four_only():
    assert mask_bank_account("6217 0000 1234 5678") == "**** 5678"
    assert mask_bank_account("123") == "****"
    assert mask_bank_account("") == ""


def test_every_kind_is_registered():
    assert set(MASKS) == {"id", "phone", "birth_date", "bank_account"}
    assert set(PERSONAL_FIELDS.values()) == set(MASKS)


@pytest.mark.django_db
def test_viewer_sees_masked_values(viewer):
    masker = Masker(viewer)
    assert not masker.full
    assert masker.id(ID) == mask_id(ID)
    assert masker.phone("13812345678") == "138****5678"
    assert masker.bank_account("6217000012345678") == "**** 5678"
    assert shown_id(ID, viewer) == mask_id(ID)
    assert shown_phone("13812345678", viewer) == "138****5678"
    assert shown_bank_account("6217000012345678", viewer) == "**** 5678"
    assert shown_birth_date(datetime.date(1985, 3, 9), viewer) == 1985
    assert masker.birth_text(datetime.date(1985, 3, 9)) == "1985年生"
    assert masker.converter("id") is mask_id


@pytest.mark.django_db
def test_village_cadre_sees_full_values(cadre_a):
    masker = Masker(cadre_a)
    assert masker.full
    assert masker.id(ID) == ID
    assert shown_phone("13812345678", cadre_a) == "13812345678"
    assert shown_birth_date(datetime.date(1985, 3, 9), cadre_a) == datetime.date(1985, 3, 9)
    assert masker.birth_text(datetime.date(1985, 3, 9)) == "1985-03-09"
    assert masker.converter("phone") is None


def test_no_reader_sees_masked_values():
    assert Masker(None).id(ID) == mask_id(ID)
    assert Masker(AnonymousUser()).phone("13812345678") == "138****5678"


def test_explicit_full_overrides_the_reader():
    assert Masker(None, full=True).id(ID) == ID
    assert Masker(full=False).id(ID) == mask_id(ID)
