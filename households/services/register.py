"""Households and their dated flags."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import Conflict, ServiceError
from regions.models import Region

from ..choices import HouseholdFlagKind, Relationship
from ..models import Household, HouseholdFlag, Member
from ..rules import phone_error
from ._common import (
    check_composition,
    check_version,
    clean_member,
    lock_household,
    refresh_household,
    refuse_duplicate,
    require_village_cadre,
    save_member,
    touch_households,
)

HOUSEHOLD_FIELDS = ("number", "group_name", "natural_village", "address", "phone")


def _clean_household(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: str(data.get(k) or "").strip() for k in HOUSEHOLD_FIELDS if k in data}
    error = phone_error(values.get("phone", ""))
    if error:
        raise error
    return values


def next_household_number(village: Region) -> str:
    """户编号 for a new household: the village code and a 4-digit sequence (as the national system)."""
    last = (
        Household.objects.filter(number__startswith=village.code, number__regex=r"^\d{16}$")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{village.code}{int(last[12:]) + 1 if last else 1:04d}"


@transaction.atomic
def household_create(
    *, by: User, village: Region, data: dict[str, Any], members: list[dict[str, Any]]
) -> Household:
    """Register a household with its members, all or nothing."""
    if village.level != Region.Level.VILLAGE:
        raise ServiceError(_("农户须登记在村（社区）下。"), code="not_village", field="village")
    require_village_cadre(by, village)
    values = _clean_household(data)
    values["number"] = values.get("number") or next_household_number(village)
    if Household.objects.filter(number=values["number"]).exists():
        raise ServiceError(
            _("户编号 %(n)s 已被使用。") % {"n": values["number"]}, code="number_taken", field="number"
        )
    if not members:
        raise ServiceError(_("请至少登记一名家庭成员（户主）。"), code="no_members")
    cleaned = [clean_member(m, field_prefix=f"members.{i}.") for i, m in enumerate(members)]
    check_composition(cleaned)
    for i, member in enumerate(cleaned):
        refuse_duplicate(member["person_id"], by, field=f"members.{i}.id_number")
    head = next(m["name"] for m in cleaned if m["relationship"] == Relationship.HEAD)
    # Derived fields set up front so the creation row in the history is complete.
    household = Household(village=village, head_name=head, member_count=len(cleaned), **values)
    household._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    household.save()
    for member_values in cleaned:
        save_member(Member(household=household, **member_values), by)
    # The household's version is at least its members' creation: a later edit tells a member it
    # left out from one another writer added since (409) by comparing with it.
    household.updated_at = timezone.now()
    touch_households([household.pk], now=household.updated_at)
    return household


@transaction.atomic
def household_update(
    *,
    household: Household,
    by: User,
    data: dict[str, Any],
    members: list[tuple[Member | None, dict[str, Any]]] | None = None,
) -> Household:
    """Change the household's fields and, when ``members`` is given, its current members in the
    same step: ``(member, data)`` edits a member, ``(None, data)`` adds one. All or nothing.

    The household row is locked for the whole step; ``data["version"]`` (the ``updated_at`` the
    editor saw: the form's hidden field, the API's If-Match), when given, must still be current,
    otherwise the edit is refused with 409 "已被他人修改" saying what changed."""
    require_village_cadre(by, household.village)
    seen = household.updated_at  # the version the caller read, before the lock refreshes it
    household = lock_household(household)
    check_version(household, data.get("version"))
    values = _clean_household(data)
    if values.get("number") and values["number"] != household.number:
        if Household.objects.filter(number=values["number"]).exclude(pk=household.pk).exists():
            raise ServiceError(
                _("户编号 %(n)s 已被使用。") % {"n": values["number"]}, code="number_taken", field="number"
            )
    elif "number" in values:
        values["number"] = household.number
    changed = [k for k, v in values.items() if getattr(household, k) != v]
    if changed:
        for key in changed:
            setattr(household, key, values[key])
        household._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
        household.save(update_fields=[*changed, "updated_at"])
    if members is not None:
        _replace_members(household, by, members, seen=seen)
    return household


def _replace_members(
    household: Household,
    by: User,
    members: list[tuple[Member | None, dict[str, Any]]],
    *,
    seen: datetime.datetime | None = None,
) -> None:
    # The caller read its member rows before the lock: compare and write against committed rows.
    fresh = Member.objects.in_bulk([m.pk for m, _d in members if m])
    members = [(fresh.get(m.pk, m) if m else None, d) for m, d in members]
    cleaned = [(m, clean_member(d, field_prefix=f"members.{i}.")) for i, (m, d) in enumerate(members)]
    current = set(Member.objects.current().filter(household=household).values_list("pk", flat=True))
    given = {m.pk for m, _v in cleaned if m}
    if given - current or any(m and m.household_id != household.pk for m, _v in cleaned):
        # A member edited here has left the household meanwhile: someone else changed the list.
        raise Conflict(_("家庭成员已被他人修改，请刷新页面后重试。"), code="members_changed")
    if missing := current - given:
        if seen and Member.objects.filter(pk__in=missing, created_at__gt=seen).exists():
            # Added by someone else after the caller read the list: a stale edit, not an omission.
            raise Conflict(_("家庭成员已被他人修改，请刷新页面后重试。"), code="members_changed")
        # The list is the full list of current members: leaving one out is not how a member
        # leaves (that is 减员, with a date and reason). A 400 naming them, not a 409: an API
        # client left them out; on a page, someone added them after the form was opened.
        names = "、".join(Member.objects.filter(pk__in=missing).order_by("pk").values_list("name", flat=True))
        raise ServiceError(
            _(
                "成员列表须包含全部现有成员，缺少：%(names)s（如系他人刚添加，请刷新页面）。减员请使用“减员”办理。"
            )
            % {"names": names},
            code="members_missing",
            field="members",
        )
    check_composition([v for _m, v in cleaned])
    for i, (member, v) in enumerate(cleaned):
        refuse_duplicate(
            v["person_id"], by, exclude_pk=member.pk if member else None, field=f"members.{i}.id_number"
        )
    existing = [(m, v) for m, v in cleaned if m]
    # A swap (户主 ↔ 配偶) passes through two heads; park the moving members on 其他 first so the
    # one-head/one-spouse indexes hold at every statement. update() leaves no history row for it.
    moving = [m.pk for m, v in existing if m.relationship != v["relationship"]]
    Member.objects.filter(pk__in=moving).update(relationship=Relationship.OTHER)
    for member, v in existing:
        fields = [k for k, value in v.items() if getattr(member, k) != value]
        if fields:
            for key in fields:
                setattr(member, key, v[key])
            save_member(member, by, update_fields=[*fields, "updated_at"])
    for member, v in cleaned:
        if member is None:
            save_member(Member(household=household, **v), by)
    refresh_household(household)


@transaction.atomic
def flag_set(
    *,
    household: Household,
    by: User,
    kind: str,
    start_date: datetime.date | None = None,
    exit_year: int | None = None,
    relocation_mode: str = "",
    relocation_site: str = "",
    note: str = "",
) -> HouseholdFlag:
    """Give the household a dated flag (脱贫户, 易地扶贫搬迁, 低保 …)."""
    require_village_cadre(by, household.village)
    if kind not in HouseholdFlagKind.values:
        raise ServiceError(_("未知的农户属性。"), code="flag_kind", field="kind")
    if HouseholdFlag.objects.filter(household=household, kind=kind, end_date__isnull=True).exists():
        raise ServiceError(_("该户已有此属性，未结束前不能重复登记。"), code="flag_open", field="kind")
    if kind == HouseholdFlagKind.FORMER_POOR and not (exit_year and 2013 <= exit_year <= 2020):
        raise ServiceError(_("脱贫户须填写脱贫年度（2013—2020年）。"), code="exit_year", field="exit_year")
    if kind == HouseholdFlagKind.RELOCATED and not relocation_mode:
        raise ServiceError(
            _("易地扶贫搬迁户须选择安置方式。"), code="relocation_mode", field="relocation_mode"
        )
    flag = HouseholdFlag(
        household=household,
        kind=kind,
        start_date=start_date,
        exit_year=exit_year if kind == HouseholdFlagKind.FORMER_POOR else None,
        relocation_mode=relocation_mode if kind == HouseholdFlagKind.RELOCATED else "",
        relocation_site=relocation_site if kind == HouseholdFlagKind.RELOCATED else "",
        note=note,
    )
    flag._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    flag.save()
    touch_households([household.pk])
    return flag


@transaction.atomic
def flag_end(*, flag: HouseholdFlag, by: User, end_date: datetime.date) -> HouseholdFlag:
    """End a flag on ``end_date`` (the row stays: flags are dated, not deleted)."""
    require_village_cadre(by, flag.household.village)
    if flag.start_date and end_date <= flag.start_date:
        raise ServiceError(_("终止日期须晚于起始日期。"), code="end_before_start", field="end_date")
    current = HouseholdFlag.objects.select_for_update().filter(pk=flag.pk, end_date__isnull=True).first()
    if current is None:
        raise Conflict(_("该属性已经结束。"), code="flag_ended")
    current.end_date = end_date
    current._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    current.save(update_fields=["end_date"])
    touch_households([current.household_id])
    return current
