"""The member rules of the register, as pure functions over plain values (no queries).

One home for them: the register services, the member form (through the services' helpers) and the
household import all call these, so a file is refused exactly where a page is, with the same
Chinese sentence. Each rule returns ``ServiceError`` objects instead of raising them, so that the
services can raise the first while the import collects every problem of every row.
"""

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Role
from common.errors import ServiceError

from . import bounds
from .choices import IdType, Relationship, Sex
from .idnumbers import parse_id
from .models import Member

# Who writes the register: village cadres over their own village (and superusers). The services
# check it per household; the import limits its villages to the same scope.
REGISTER_WRITERS = (Role.VILLAGE,)

# What a caller may set on a member; identity (person_id, sex, birth date) is derived from the ID.
MEMBER_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "ethnicity",
    "relationship",
    "education",
    "school_status",
    "labour_skill",
    "months_worked",
    "employer",
    "work_place",
    "chronic_disease",
    "serious_illness",
    "disabled",
    "disability_category",
    "disability_grade",
    "political_status",
    "medical_insurance",
    "critical_illness_insurance",
    "pension_insurance",
    "dibao",
    "tekun",
    "welfare_post",
    "welfare_post_months",
)
HEALTH_CONDITIONS = ("chronic_disease", "serious_illness", "disabled")

# Relationships that name a sex: a man cannot be 之母, a woman cannot be 之父.
FEMALE_RELATIONSHIPS = frozenset(
    {
        Relationship.DAUGHTER, Relationship.DAUGHTER_IN_LAW, Relationship.GRANDDAUGHTER,
        Relationship.DAUGHTERS_DAUGHTER, Relationship.MOTHER, Relationship.WIFES_MOTHER,
        Relationship.HUSBANDS_MOTHER, Relationship.GRANDMOTHER, Relationship.MATERNAL_GRANDMOTHER,
        Relationship.GREAT_GRANDDAUGHTER, Relationship.NIECE, Relationship.SISTER_IN_LAW,
    }
)  # fmt: skip
MALE_RELATIONSHIPS = frozenset(
    {
        Relationship.SON, Relationship.SON_IN_LAW, Relationship.GRANDSON, Relationship.DAUGHTERS_SON,
        Relationship.FATHER, Relationship.WIFES_FATHER, Relationship.HUSBANDS_FATHER,
        Relationship.GRANDFATHER, Relationship.MATERNAL_GRANDFATHER, Relationship.GREAT_GRANDSON,
        Relationship.NEPHEW, Relationship.UNCLE,
    }
)  # fmt: skip


def phone_error(phone: str) -> ServiceError | None:
    """A household's phone, when given, is an 11-digit mobile number starting with 1."""
    if phone and not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
        return ServiceError(_("联系电话应为以1开头的11位手机号码。"), code="phone", field="phone")
    return None


def member_errors(values: Mapping) -> list[ServiceError]:
    """The cross-field rules of one member as it will be stored, and the bounds of its numbers
    (months 0–12, read from the model fields by ``households.bounds``)."""
    errors = bounds.errors(Member, values)
    if bool(values.get("education")) == bool(values.get("school_status")):
        errors.append(
            ServiceError(
                _("文化程度和在校生状况须填写且只填写其中一项。"),
                code="education_xor_school",
                field="education",
            )
        )
    if values.get("disabled") and not (values.get("disability_category") and values.get("disability_grade")):
        errors.append(
            ServiceError(
                _("残疾人员须填写残疾类别和等级。"), code="disability_detail", field="disability_category"
            )
        )
    relationship, sex = values.get("relationship"), values.get("sex")
    if (sex == Sex.MALE and relationship in FEMALE_RELATIONSHIPS) or (
        sex == Sex.FEMALE and relationship in MALE_RELATIONSHIPS
    ):
        errors.append(
            ServiceError(
                _("与户主关系“%(rel)s”与身份证号显示的性别（%(sex)s）不符。")
                % {"rel": relationship, "sex": sex},
                code="relationship_sex",
                field="relationship",
            )
        )
    return errors


def derive_health(values: dict) -> None:
    """健康 is the absence of the three conditions, so it can never contradict them; a member who
    is not disabled carries no disability category or grade."""
    values["healthy"] = not any(values.get(k) for k in HEALTH_CONDITIONS)
    if not values.get("disabled"):
        values["disability_category"] = values["disability_grade"] = ""


def composition_errors(relationships: Sequence[str], person_ids: Sequence[str]) -> list[ServiceError]:
    """Exactly one 户主 and at most one 配偶 among a household's current members; no ID twice."""
    errors = []
    if relationships.count(Relationship.HEAD) != 1:
        errors.append(ServiceError(_("每户必须有且只有一位户主。"), code="one_head", field="relationship"))
    if relationships.count(Relationship.SPOUSE) > 1:
        errors.append(ServiceError(_("每户最多只能有一位配偶。"), code="one_spouse", field="relationship"))
    if len(person_ids) != len(set(person_ids)):
        errors.append(duplicate_in_household())
    return errors


def duplicate_in_household() -> ServiceError:
    return ServiceError(
        _("同一身份证号在本户中填写了两次。"), code="duplicate_in_household", field="id_number"
    )


def duplicate_person(
    person_id: str, *, place: str | None, number: str = "", field: str = "id_number"
) -> ServiceError:
    """One person is registered in one household only. ``place`` (township and village names) and
    the other household's ``number`` are named only when the user may see that household."""
    if place is None:
        message = _("该身份证号已在其他地区登记，同一人只能在一户登记；请联系乡镇或县级核实后办理成员转移。")
    else:
        message = _(
            "身份证号 %(id)s 已登记在%(region)s户编号 %(number)s 的家庭中，同一人只能在一户登记；"
            "如确已随迁，请在原户办理成员转移。"
        ) % {"id": person_id, "region": place, "number": number}
    return ServiceError(message, code="duplicate_person", field=field)


def member_problems(data: Mapping, *, field_prefix: str = "") -> tuple[dict, list[ServiceError]]:
    """Every problem of one member's fields as a page or the API sends them, with the values as
    they will be stored (identity derived from the ID number when it parses)."""
    values = {k: data[k] for k in MEMBER_FIELDS if k in data}
    values.setdefault("id_type", IdType.RESIDENT_ID)
    problems: list[ServiceError] = []

    def refuse(message: str, code: str, field: str) -> None:
        problems.append(ServiceError(message, code=code, field=field_prefix + field))

    if not str(values.get("name") or "").strip():
        refuse(_("请填写姓名。"), "name_required", "name")
    else:
        values["name"] = values["name"].strip()
    try:
        parsed = parse_id(values.get("id_number", ""), values["id_type"])
    except ValidationError as exc:
        refuse(exc.messages[0], "id_invalid", "id_number")
    else:
        values.update(
            id_number=parsed.id_number,
            person_id=parsed.person_id,
            sex=parsed.sex,
            birth_date=parsed.birth_date,
        )
    if not values.get("relationship"):
        refuse(_("请选择与户主关系。"), "relationship_required", "relationship")
    if not values.get("labour_skill"):
        refuse(_("请选择劳动技能。"), "labour_required", "labour_skill")
    if not values.get("medical_insurance"):
        refuse(
            _("请选择基本医疗保险（城乡居民医保、职工医保只能选一种）。"),
            "insurance_required",
            "medical_insurance",
        )
    for error in member_errors(values):
        refuse(error.message, error.code, error.field or "")
    return values, problems


def clean_member(data: Mapping, *, field_prefix: str = "") -> dict:
    """Validate one member's fields as a page or the API sends them and derive identity from the
    ID number; raises the first problem as a ``ServiceError`` (field names prefixed)."""
    values, problems = member_problems(data, field_prefix=field_prefix)
    if problems:
        raise problems[0]
    derive_health(values)
    return values
