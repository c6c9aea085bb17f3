import datetime

import pytest
from django.core.exceptions import ValidationError

from households.idnumbers import parse_id, synthetic_id

VALID = synthetic_id("500230", datetime.date(1985, 3, 9), 12, male=True)


def test_valid_id_gives_sex_and_birth_date():
    parsed = parse_id(VALID)
    assert parsed.person_id == VALID
    assert parsed.birth_date == datetime.date(1985, 3, 9)
    assert parsed.sex == "男"


def test_wrong_check_digit_is_refused():
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        parse_id(wrong)


def test_impossible_birth_date_is_refused():
    body = "50023019850230001"  # 30 February
    from stdnum.cn import ric

    with pytest.raises(ValidationError, match="出生日期不存在"):
        parse_id(body + ric.calc_check_digit(body + "0"))


def test_future_birth_date_is_refused():
    future = synthetic_id("500230", datetime.date.today() + datetime.timedelta(days=2), 1, male=False)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        parse_id(future)


def test_fifteen_digits_are_upgraded():
    parsed = parse_id("500230850309121")
    assert parsed.person_id.startswith("50023019850309121")
    assert len(parsed.person_id) == 18
    assert parse_id(parsed.person_id).person_id == parsed.person_id


def test_lower_case_x_is_normalised():
    from stdnum.cn import ric

    for seq in range(1, 400):
        candidate = synthetic_id("500230", datetime.date(2001, 1, 1), seq, male=True)
        if candidate.endswith("X"):
            break
    assert ric.is_valid(candidate)
    assert parse_id(candidate.lower()).person_id == candidate


def test_disability_certificate_starting_with_valid_id():
    parsed = parse_id(VALID + "42", id_type="残疾人证")
    assert parsed.id_number == VALID + "42" and parsed.person_id == VALID
    with pytest.raises(ValidationError, match="残疾人证号"):
        parse_id(VALID + "4", id_type="残疾人证")


def test_person_born_before_county_code_existed_is_accepted():
    # 丰都县 500230 exists "from 1997" in stdnum's table; older residents carry it all the same.
    assert parse_id(synthetic_id("500230", datetime.date(1950, 6, 1), 3, male=False)).sex == "女"


def test_x_anywhere_but_the_end_is_refused():
    with pytest.raises(ValidationError, match="18位"):
        parse_id("50023019850309X213")


def test_fifteen_digit_number_with_impossible_date_is_refused():
    with pytest.raises(ValidationError, match="出生日期不存在"):
        parse_id("500230850230121")  # 30 February 1985


def test_twenty_two_character_disability_certificate_is_accepted():
    parsed = parse_id(VALID + "4201", id_type="残疾人证")
    assert parsed.person_id == VALID and parsed.id_number == VALID + "4201"


def test_disability_certificate_with_bad_id_part_is_refused():
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        parse_id(wrong + "42", id_type="残疾人证")


def test_blank_and_spaced_input():
    with pytest.raises(ValidationError, match="请填写"):
        parse_id("   ")
    assert parse_id(f" {VALID[:6]} {VALID[6:]} ").person_id == VALID
