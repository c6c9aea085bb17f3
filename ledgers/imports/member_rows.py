"""One row of the national member sheet → member and household values, or cell errors.

Column constants, village resolution within the uploader's scope and the cell rules live here;
``households.py`` puts the rows together per household against the register.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.scope import scope_region_ids
from households import bounds
from households.choices import (
    DisabilityCategory,
    DisabilityGrade,
    Education,
    IdType,
    LabourSkill,
    MedicalInsurance,
    PoliticalStatus,
    Relationship,
    SchoolStatus,
    WelfarePost,
)
from households.idnumbers import parse_id
from households.models import Member
from households.rules import REGISTER_WRITERS, derive_health
from regions.models import Region

from . import fields as f
from .reading import RowError, cell_text

NUMBER, TOWNSHIP, VILLAGE, GROUP = "户编号", "乡镇（街道）", "村（社区）", "村民小组"
NAME, ID, RELATION = "姓名", "证件号码", "与户主关系"
REQUIRED = [NUMBER, VILLAGE, NAME, ID, RELATION, "劳动技能", "基本医疗保险"]
# The template's header row: the national system's member sheet, in its order. The member ledger
# (ledgers.definitions.households) uses the same wording, so a full-number export imports back.
HEADERS = [
    NUMBER, TOWNSHIP, VILLAGE, GROUP, NAME, ID, RELATION, "民族", "文化程度", "在校生状况", "劳动技能",
    "务工时间（月）", "健康状况", "残疾类别", "残疾等级", "政治面貌", "基本医疗保险", "大病保险", "养老保险",
    "享受低保", "特困供养", "公益岗位类型", "联系电话", "住址",
]  # fmt: skip
# Headers other spreadsheets use for the same columns.
ALIASES = {"村": VILLAGE, "村(社区)": VILLAGE, "乡镇": TOWNSHIP, "乡（镇）": TOWNSHIP, "身份证号": ID,
           "身份证号码": ID, "务工时间": "务工时间（月）", "医保": "基本医疗保险"}  # fmt: skip
HEALTH_WORDS = {"长期慢性病": "chronic_disease", "患有大病": "serious_illness", "残疾": "disabled"}


class _Absent:
    """A column the file does not have: the stored value (or the model default) stays."""

    def __repr__(self) -> str:
        return "ABSENT"

    def __reduce__(self) -> str:
        return "ABSENT"  # unpickles as this module's one instance


ABSENT = _Absent()
# The member and household values a row can carry, in the order of ``Row.values`` and
# ``Row.household_values``: a 100,000-row file is held as tuples, a fifth of the size of dicts.
MEMBER_FIELDS = (
    "name", "id_number", "person_id", "sex", "birth_date", "id_type", "relationship", "labour_skill",
    "medical_insurance", "education", "school_status", "chronic_disease", "serious_illness", "disabled",
    "healthy", "disability_category", "disability_grade", "ethnicity", "months_worked", "political_status",
    "critical_illness_insurance", "pension_insurance", "dibao", "tekun", "welfare_post",
)  # fmt: skip
HOUSEHOLD_FIELDS = ("group_name", "address", "phone")


@dataclass(slots=True)
class Row:
    number: int  # Excel row
    household: str
    village_id: int | None
    person_id: str
    values: tuple  # Member fields in MEMBER_FIELDS order; ABSENT where the file has no such column
    household_values: tuple  # group_name / address / phone, ABSENT when not in the file
    valid: bool = True

    def value(self, name: str, default=None):
        value = self.values[MEMBER_INDEX[name]]
        return default if value is ABSENT else value

    def household_items(self):
        return (
            (k, v) for k, v in zip(HOUSEHOLD_FIELDS, self.household_values, strict=True) if v is not ABSENT
        )


MEMBER_INDEX = {name: i for i, name in enumerate(MEMBER_FIELDS)}


def scope_villages(user) -> dict:
    """Villages the user may import into: {pk: (code, name, township name)}. The register
    services' role check (``REGISTER_WRITERS`` over the household's village), done once for the
    whole file."""
    qs = Region.objects.filter(level=Region.Level.VILLAGE)
    if not user.is_superuser:
        qs = qs.filter(pk__in=scope_region_ids(user, REGISTER_WRITERS))
    return {
        pk: (code, name, town or "")
        for pk, code, name, town in qs.values_list("pk", "code", "name", "parent__name")
    }


class VillageResolver:
    def __init__(self, villages: dict):
        self.by_code = {code: pk for pk, (code, _n, _t) in villages.items()}
        self.by_name: dict = defaultdict(list)
        for pk, (_c, name, town) in villages.items():
            self.by_name[name].append((town, pk))

    def __call__(self, raw, township) -> int:
        text = cell_text(raw)
        if text.isdigit() and len(text) == 12:
            if text in self.by_code:
                return self.by_code[text]
            raise f.CellError(_("区划代码不在您的管辖范围内，或不存在。"))
        town = cell_text(township)
        found = [pk for t, pk in self.by_name.get(text, ()) if not town or t == town]
        if len(found) == 1:
            return found[0]
        if found:
            raise f.CellError(_("有多个同名的村，请填写乡镇（街道）列或12位区划代码。"))
        raise f.CellError(_("找不到该村，或该村不在您的管辖范围内（只能导入本人管辖村的农户）。"))


def _health(raw) -> dict:
    words = f.split_words(raw)
    if not words or words == ["健康"]:
        return {"chronic_disease": False, "serious_illness": False, "disabled": False}
    unknown = [w for w in words if w not in HEALTH_WORDS]
    if unknown:
        raise f.CellError(_("健康状况应为“健康”，或“长期慢性病、患有大病、残疾”中的一项或几项。"))
    flags = {HEALTH_WORDS[w] for w in words}
    return {name: name in flags for name in HEALTH_WORDS.values()}


# Optional columns: header -> (parser, model field); a column missing from the file leaves the
# stored value alone (and the model default for new members).
OPTIONAL = {
    "民族": (lambda v: f.optional_text(v, 16) or "汉族", "ethnicity"),
    "务工时间（月）": (
        lambda v: f.small_int(v, **bounds.int_range(Member, "months_worked")),
        "months_worked",
    ),
    "残疾类别": (lambda v: f.choice(v, DisabilityCategory, required=False), "disability_category"),
    "残疾等级": (lambda v: f.choice(v, DisabilityGrade, required=False), "disability_grade"),
    "政治面貌": (lambda v: f.choice(v, PoliticalStatus, required=False, default="群众"), "political_status"),
    "大病保险": (f.yes_no, "critical_illness_insurance"),
    "养老保险": (f.yes_no, "pension_insurance"),
    "享受低保": (f.yes_no, "dibao"),
    "特困供养": (f.yes_no, "tekun"),
    "公益岗位类型": (lambda v: f.choice(v, WelfarePost, required=False), "welfare_post"),
}


def _relationship(value) -> str:
    return f.choice(value, Relationship, required=True)


def _labour_skill(value) -> str:
    return f.choice(value, LabourSkill, required=True)


def _medical_insurance(value) -> str:
    return f.choice(value, MedicalInsurance, required=True)


def _education(value) -> str:
    return f.choice(value, Education, required=False)


def _school_status(value) -> str:
    return f.choice(value, SchoolStatus, required=False)


HOUSEHOLD_OPTIONAL = {
    GROUP: (lambda v: f.optional_text(v, 32), "group_name"),
    "住址": (lambda v: f.optional_text(v, 200), "address"),
    "联系电话": (f.phone, "phone"),
}


def parse_row(number: int, cells: dict, resolve, errors: list, memo: dict | None = None) -> Row:
    """``memo`` (one dict per file) keeps the outcome of the columns with few distinct values (value
    lists, yes/no, the village): each distinct cell is parsed once per file, not once per row."""
    values: dict = {}
    household_values: dict = {}
    ok = True

    def take(header, parse, *, cached=False, context=None):
        nonlocal ok
        raw = cells.get(header)
        if cached and memo is not None:
            key = (header, type(raw), raw, type(context), context)
            outcome = memo.get(key)
            if outcome is None:
                try:
                    outcome = memo[key] = (True, parse(raw))
                except f.CellError as error:
                    outcome = memo[key] = (False, error.reason)
            if outcome[0]:
                return outcome[1]
            reason = outcome[1]
        else:
            try:
                return parse(raw)
            except f.CellError as error:
                reason = error.reason
        errors.append(RowError(number, header, cell_text(raw), reason))
        ok = False
        return None

    household = take(NUMBER, lambda v: f.required_text(v, 32))
    township = cells.get(TOWNSHIP)
    village_id = take(VILLAGE, lambda v: resolve(v, township), cached=True, context=township)
    values["name"] = take(NAME, lambda v: f.required_text(v, 64))
    raw_id = take(ID, f.id_cell)
    person_id = ""
    if raw_id is not None:
        try:
            parsed = parse_id(raw_id)
        except ValidationError as error:
            errors.append(RowError(number, ID, raw_id, " ".join(error.messages)))
            ok = False
        else:
            person_id = parsed.person_id
            values.update(
                id_number=parsed.id_number,
                person_id=parsed.person_id,
                sex=parsed.sex,
                birth_date=parsed.birth_date,
                id_type=IdType.DISABILITY_CERT
                if parsed.id_number != parsed.person_id
                else IdType.RESIDENT_ID,
            )
    values["relationship"] = take(RELATION, _relationship, cached=True)
    values["labour_skill"] = take("劳动技能", _labour_skill, cached=True)
    values["medical_insurance"] = take("基本医疗保险", _medical_insurance, cached=True)
    if "文化程度" in cells or "在校生状况" in cells:
        values["education"] = take("文化程度", _education, cached=True)
        values["school_status"] = take("在校生状况", _school_status, cached=True)
    if "健康状况" in cells:
        values.update(take("健康状况", _health, cached=True) or {})
    for header, (parse, name) in OPTIONAL.items():
        if header in cells:
            values[name] = take(header, parse, cached=True)
    if "健康状况" in cells:
        derive_health(values)
    for header, (parse, name) in HOUSEHOLD_OPTIONAL.items():
        if header in cells:
            household_values[name] = take(header, parse)
    return Row(
        number,
        household,
        village_id,
        person_id,
        tuple(values.get(k, ABSENT) for k in MEMBER_FIELDS),
        tuple(household_values.get(k, ABSENT) for k in HOUSEHOLD_FIELDS),
        ok,
    )
