"""The household import refuses what the register services refuse, with the same words and roles
(issue 14 item 3: the member rules live once, in ``households.rules``)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from common.errors import ServiceError
from households.idnumbers import synthetic_id
from households.models import Household
from households.services import household_create
from ledgers.import_services import import_start
from ledgers.imports import households as household_import
from ledgers.models import ImportRun

from .conftest import make_household
from .test_import import errors_of, run_of, upload, xlsx

NUMBER = "500230201201901"


def member(seq, relationship="户主", **over) -> dict:
    """One member in the services' terms."""
    values = {
        "name": f"成员{seq}",
        "id_number": synthetic_id("500230", datetime.date(1980, 1, 2), seq, True),
        "relationship": relationship,
        "education": "初中",
        "school_status": "",
        "labour_skill": "普通劳动力",
        "medical_insurance": "城乡居民医保",
        "disabled": False,
        "disability_category": "",
        "disability_grade": "",
    }
    values.update(over)
    return values


def as_row(values: dict) -> dict:
    """The same member as a row of the national member sheet."""
    return {
        "户编号": NUMBER, "乡镇（街道）": "栗子乡", "村（社区）": "建龙村", "姓名": values["name"],
        "证件号码": values["id_number"], "与户主关系": values["relationship"], "文化程度": values["education"],
        "在校生状况": values["school_status"], "劳动技能": values["labour_skill"],
        "基本医疗保险": values["medical_insurance"], "健康状况": "残疾" if values["disabled"] else "健康",
        "残疾类别": values["disability_category"], "残疾等级": values["disability_grade"],
    }  # fmt: skip


REGISTERED_ELSEWHERE = synthetic_id("500230", datetime.date(1960, 5, 6), 77, True)

BAD_HOUSEHOLDS = {
    "education_and_school": [member(1), member(2, "之子", school_status="七年级")],
    "neither_education_nor_school": [member(1), member(2, "之子", education="")],
    "disabled_without_grade": [member(1), member(2, "配偶", disabled=True, disability_category="肢体")],
    "two_heads": [member(1), member(2)],
    "no_head": [member(1, "配偶"), member(2, "之子")],
    "two_spouses": [member(1), member(2, "配偶"), member(3, "配偶")],
    "same_person_twice": [member(1), member(1, "之子", name="同号")],
    "registered_elsewhere": [member(1), member(2, "之子", id_number=REGISTERED_ELSEWHERE)],
}


@pytest.mark.parametrize("members", BAD_HOUSEHOLDS.values(), ids=BAD_HOUSEHOLDS.keys())
def test_import_refuses_what_the_services_refuse_with_the_same_message(members, client_for, cadre_a, regions):
    other = make_household(regions["village_a"], "500230201201555", head="孙七")
    other.members.update(person_id=REGISTERED_ELSEWHERE, id_number=REGISTERED_ELSEWHERE)
    with pytest.raises(ServiceError) as refused:
        household_create(by=cadre_a, village=regions["village_a"], data={"number": NUMBER}, members=members)

    run = run_of(upload(client_for(cadre_a), xlsx([as_row(m) for m in members])))

    assert run.status == ImportRun.Status.INVALID
    assert refused.value.message in [reason for _row, _column, reason in errors_of(run)]
    assert not Household.objects.filter(number=NUMBER).exists()


def test_county_user_may_not_import_households_as_the_services_refuse_them(county_user, regions, tmp_path):
    with pytest.raises(PermissionDenied):
        household_create(by=county_user, village=regions["village_a"], data={}, members=[member(1)])

    upload_file = SimpleUploadedFile("h.xlsx", xlsx([as_row(member(1))]))
    with pytest.raises(ServiceError, match="不能进行该类导入"):
        import_start(kind="households", upload=upload_file, by=county_user)
    # A run validated for a user who is (no longer) a village cadre finds no village to write.
    path = tmp_path / "h.xlsx"
    path.write_bytes(xlsx([as_row(member(1))]))
    plan = household_import.validate(path, county_user)
    assert plan.errors and not plan.new_households
