import datetime
import itertools

import pytest

from households.choices import Education, LabourSkill, MedicalInsurance, Relationship
from households.idnumbers import synthetic_id
from households.services import household_create

_seq = itertools.count(100)


def member_data(relationship=Relationship.HEAD, *, born=datetime.date(1975, 4, 2), male=True, **overrides):
    data = {
        "name": overrides.pop("name", f"测试{next(_seq)}"),
        "id_number": synthetic_id("500230", born, next(_seq), male),
        "relationship": relationship,
        "education": Education.JUNIOR,
        "school_status": "",
        "labour_skill": LabourSkill.ORDINARY,
        "medical_insurance": MedicalInsurance.RESIDENT,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_household(regions):
    """``make_household(cadre, village_key, *members)``: a household registered through the service."""

    def make(by, village="village_a", *members, **data):
        members = members or (member_data(), member_data(Relationship.SPOUSE, male=False))
        return household_create(by=by, village=regions[village], data=data, members=list(members))

    return make
