"""Members: add, change, remove (the row stays) and move between households."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import ServiceError

from ..choices import Relationship
from ..models import Household, Member, MemberTransfer
from ._common import (
    clean_member,
    lock_household,
    refresh_household,
    refuse_duplicate,
    require_village_cadre,
    save_member,
)


def _others_remain(member: Member) -> bool:
    return Member.objects.current().filter(household_id=member.household_id).exclude(pk=member.pk).exists()


@transaction.atomic
def member_add(*, household: Household, by: User, data: dict[str, Any]) -> Member:
    require_village_cadre(by, household.village)
    household = lock_household(household)
    values = clean_member(data)
    refuse_duplicate(values["person_id"], by)
    if values["relationship"] == Relationship.HEAD and household.head_name:
        raise ServiceError(_("本户已有户主；请先修改原户主的关系。"), code="one_head", field="relationship")
    member = Member(household=household, **values)
    save_member(member, by)
    refresh_household(household)
    return member


@transaction.atomic
def member_update(*, member: Member, by: User, data: dict[str, Any]) -> Member:
    require_village_cadre(by, member.household.village)
    lock_household(member.household)
    member.refresh_from_db()
    if member.removed_on:
        raise ServiceError(_("该成员已减员，不能修改。"), code="removed")
    values = clean_member(data)
    refuse_duplicate(values["person_id"], by, exclude_pk=member.pk)
    changed = [k for k, v in values.items() if getattr(member, k) != v]
    if changed:
        for key in changed:
            setattr(member, key, values[key])
        save_member(member, by, update_fields=[*changed, "updated_at"])
        refresh_household(member.household)
    return member


@transaction.atomic
def member_remove(*, member: Member, by: User, reason: str, on: datetime.date | None = None) -> Member:
    """减员 (deceased, moved away): the row stays with its date and reason, out of the current count."""
    require_village_cadre(by, member.household.village)
    lock_household(member.household)
    member.refresh_from_db()
    if reason not in Member.RemovalReason.values:
        raise ServiceError(_("请选择减员原因。"), code="removal_reason", field="reason")
    if member.removed_on:
        raise ServiceError(_("该成员已减员。"), code="removed")
    if member.relationship == Relationship.HEAD and _others_remain(member):
        raise ServiceError(_("请先指定新的户主，再为原户主减员。"), code="head_removal", field="relationship")
    member.removed_on = on or timezone.localdate()
    member.removal_reason = reason
    save_member(member, by, update_fields=["removed_on", "removal_reason", "updated_at"])
    refresh_household(member.household)
    return member


@transaction.atomic
def member_transfer(
    *, member: Member, to_household: Household, by: User, new_relationship: str, reason: str
) -> MemberTransfer:
    """Move a person to another household (分户、婚嫁、随迁) keeping the trail; a removed member
    moved this way becomes current again in the new household."""
    source = member.household
    require_village_cadre(by, source.village)
    require_village_cadre(by, to_household.village)
    if to_household.pk == source.pk:
        raise ServiceError(_("请选择另一户作为迁入户。"), code="same_household", field="to_household")
    if not reason.strip():
        raise ServiceError(_("请填写转移原因。"), code="reason_required", field="reason")
    if new_relationship not in Relationship.values:
        raise ServiceError(_("请选择在迁入户中与户主关系。"), code="relationship", field="new_relationship")
    # Both rows locked, in id order so two opposite transfers cannot deadlock.
    locked = {h.pk: lock_household(h) for h in sorted((source, to_household), key=lambda h: h.pk)}
    source, to_household = locked[source.pk], locked[to_household.pk]
    member.refresh_from_db()
    if member.removed_on is None and member.relationship == Relationship.HEAD and _others_remain(member):
        raise ServiceError(_("请先为原户指定新的户主，再转出原户主。"), code="head_transfer")
    if new_relationship == Relationship.HEAD and to_household.head_name:
        raise ServiceError(_("迁入户已有户主。"), code="one_head", field="new_relationship")
    transfer = MemberTransfer.objects.create(
        member=member,
        from_household=source,
        to_household=to_household,
        old_relationship=member.relationship,
        new_relationship=new_relationship,
        reason=reason.strip(),
        by=by,
    )
    member.household = to_household
    member.relationship = new_relationship
    member.removed_on, member.removal_reason = None, ""
    save_member(
        member, by, update_fields=["household", "relationship", "removed_on", "removal_reason", "updated_at"]
    )
    refresh_household(source)
    refresh_household(to_household)
    return transfer
