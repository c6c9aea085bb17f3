"""common.masking: one function per kind, and a Masker that applies them for one reader."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from common.masking import (
    MASKS,
    Masker,
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


def test_phone_keeps_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("12345") == "12345"  # too short to mask meaningfully
    assert mask_phone("") == ""


def test_birth_date_is_shown_as_it_is():
    born = datetime.date(1985, 3, 9)
    assert mask_birth_date(born) == born
    assert mask_birth_date(None) is None


def test_bank_account_keeps_last_four_only():
    assert mask_bank_account("6217 0000 1234 5678") == "**** 5678"
    assert mask_bank_account("123") == "****"
    assert mask_bank_account("") == ""


def test_every_kind_is_registered():
    assert set(MASKS) == {"id", "phone", "birth_date", "bank_account"}


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
    assert masker.converter("id") is mask_id


@pytest.mark.django_db
def test_village_cadre_sees_full_values(cadre_a):
    masker = Masker(cadre_a)
    assert masker.full
    assert masker.id(ID) == ID
    assert shown_phone("13812345678", cadre_a) == "13812345678"
    assert shown_birth_date(datetime.date(1985, 3, 9), cadre_a) == datetime.date(1985, 3, 9)
    assert masker.converter("phone") is None


def test_no_reader_sees_masked_values():
    assert Masker(None).id(ID) == mask_id(ID)
    assert Masker(AnonymousUser()).phone("13812345678") == "138****5678"


def test_explicit_full_overrides_the_reader():
    assert Masker(None, full=True).id(ID) == ID
    assert Masker(full=False).id(ID) == mask_id(ID)
