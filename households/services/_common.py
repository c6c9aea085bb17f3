"""Helpers shared by the register services: role checks, member validation, derived fields."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from regions.models import Region

from ..choices import IdType, Relationship
from ..idnumbers import parse_id
from ..models import Household, Member

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


def require_village_cadre(by: User, village: Region) -> None:
    """Only village cadres of the household's village write the register (403 otherwise)."""
    require_role(by, Role.VILLAGE, region=village)


def clean_member(data: dict[str, Any], *, field_prefix: str = "") -> dict[str, Any]:
    """Validate one member's fields and derive identity from the ID number; Chinese errors."""
    values = {k: data[k] for k in MEMBER_FIELDS if k in data}
    values.setdefault("id_type", IdType.RESIDENT_ID)
    if not str(values.get("name") or "").strip():
        raise ServiceError(_("请填写姓名。"), code="name_required", field=field_prefix + "name")
    values["name"] = values["name"].strip()
    try:
        parsed = parse_id(values.get("id_number", ""), values["id_type"])
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code="id_invalid", field=field_prefix + "id_number") from None
    values.update(
        id_number=parsed.id_number, person_id=parsed.person_id, sex=parsed.sex, birth_date=parsed.birth_date
    )
    if bool(values.get("education")) == bool(values.get("school_status")):
        raise ServiceError(
            _("文化程度和在校生状况须填写且只填写其中一项。"),
            code="education_xor_school",
            field=field_prefix + "education",
        )
    if not values.get("relationship"):
        raise ServiceError(
            _("请选择与户主关系。"), code="relationship_required", field=field_prefix + "relationship"
        )
    if not values.get("labour_skill"):
        raise ServiceError(_("请选择劳动技能。"), code="labour_required", field=field_prefix + "labour_skill")
    if not values.get("medical_insurance"):
        raise ServiceError(
            _("请选择基本医疗保险（城乡居民医保、职工医保只能选一种）。"),
            code="insurance_required",
            field=field_prefix + "medical_insurance",
        )
    if values.get("disabled"):
        if not values.get("disability_category") or not values.get("disability_grade"):
            raise ServiceError(
                _("残疾人员须填写残疾类别和等级。"),
                code="disability_detail",
                field=field_prefix + "disability_category",
            )
    else:
        values["disability_category"] = values["disability_grade"] = ""
    # 健康 is the absence of the three conditions, so it can never contradict them.
    values["healthy"] = not any(values.get(k) for k in ("chronic_disease", "serious_illness", "disabled"))
    return values


def check_composition(members: list[dict[str, Any]]) -> None:
    """Exactly one 户主 and at most one 配偶 among the current members; no ID twice."""
    relationships = [m["relationship"] for m in members]
    if relationships.count(Relationship.HEAD) != 1:
        raise ServiceError(_("每户必须有且只有一位户主。"), code="one_head", field="relationship")
    if relationships.count(Relationship.SPOUSE) > 1:
        raise ServiceError(_("每户最多只能有一位配偶。"), code="one_spouse", field="relationship")
    ids = [m["person_id"] for m in members]
    if len(ids) != len(set(ids)):
        raise ServiceError(
            _("同一身份证号在本户中填写了两次。"), code="duplicate_in_household", field="id_number"
        )


def refuse_duplicate(
    person_id: str, by: User, *, exclude_pk: int | None = None, field: str = "id_number"
) -> None:
    """Refuse a second registration of one person, saying where they are when ``by`` may see it."""
    # exclude(pk=None) excludes nothing; the stubs do not accept None for pk.
    others = Member.objects.filter(person_id=person_id).exclude(pk=exclude_pk)  # type: ignore[misc]
    other = others.select_related("household").first()
    if other is None:
        return
    if Household.objects.visible_to(by).filter(pk=other.household_id).exists():
        message = _(
            "身份证号 %(id)s 已登记在%(region)s户编号 %(number)s 的家庭中，同一人只能在一户登记；"
            "如确已随迁，请在原户办理成员转移。"
        ) % {"id": person_id, "region": other.household.village.full_name, "number": other.household.number}
    else:
        message = _("该身份证号已在其他地区登记，同一人只能在一户登记；请联系乡镇或县级核实后办理成员转移。")
    raise ServiceError(message, code="duplicate_person", field=field)


def refresh_household(household: Household) -> None:
    """Recompute ``head_name`` and ``member_count`` from the current members, and move
    ``updated_at``: a household is read with its members (API, ledgers), so a member's change is
    the household's change for an ``updated_since`` pull.

    Written with ``update()``: they are derived, so they get no history rows of their own.
    """
    current = Member.objects.current().filter(household=household)
    head = current.filter(relationship=Relationship.HEAD).values_list("name", flat=True).first() or ""
    count = current.count()
    now = timezone.now()
    Household.objects.filter(pk=household.pk).update(head_name=head, member_count=count, updated_at=now)
    household.head_name, household.member_count, household.updated_at = head, count, now


def touch_households(pks: Iterable[int], *, now: datetime.datetime | None = None) -> None:
    """Move ``updated_at`` of these households (their flags or members changed) without a
    history row: nothing of their own changed."""
    Household.objects.filter(pk__in=pks).update(updated_at=now or timezone.now())


def save_member(member: Member, by: User, *, update_fields: list[str] | None = None) -> None:
    member._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    try:
        with transaction.atomic():
            member.save(update_fields=update_fields)
    except IntegrityError:
        refuse_duplicate(member.person_id, by, exclude_pk=member.pk)
        raise ServiceError(
            _("每户只能有一位户主、最多一位配偶，请检查与户主关系。"),
            code="composition",
            field="relationship",
        ) from None
