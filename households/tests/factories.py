import datetime
import itertools

import factory

from households.choices import Education, LabourSkill, MedicalInsurance, Relationship
from households.idnumbers import synthetic_id
from households.models import Household, Member

_sequence = itertools.count(1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    number = factory.Sequence(lambda n: f"5002300{n:09d}")
    head_name = "张三"
    phone = "13800000000"


class MemberFactory(factory.django.DjangoModelFactory):
    """A member with a valid synthetic ID; ``head_name``/``member_count`` are the services' job,
    so tests that need them call the services or set them."""

    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"成员{n}")
    birth_date = datetime.date(1980, 5, 17)
    sex = "男"
    id_number = factory.LazyAttribute(
        lambda m: synthetic_id("500230", m.birth_date, next(_sequence), m.sex == "男")
    )
    person_id = factory.LazyAttribute(lambda m: m.id_number[:18])
    relationship = Relationship.HEAD
    education = Education.JUNIOR
    labour_skill = LabourSkill.ORDINARY
    medical_insurance = MedicalInsurance.RESIDENT
