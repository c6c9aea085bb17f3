"""Helpers shared by the register services: role checks, the member rules' queries, derived fields.

The member rules themselves are pure functions in ``households.rules`` (shared with the import).
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import require_role
from common.errors import Conflict, ServiceError
from regions.models import Region

from ..choices import Relationship
from ..models import Household, Member
from ..rules import (
    MEMBER_FIELDS,
    REGISTER_WRITERS,
    clean_member,
    composition_errors,
    duplicate_person,
)

__all__ = ["MEMBER_FIELDS", "clean_member"]  # re-exported: the services' and forms' names for them


def require_village_cadre(by: User, village: Region) -> None:
    """Only village cadres of the household's village write the register (403 otherwise)."""
    require_role(by, *REGISTER_WRITERS, region=village)


def raise_first(errors: list[ServiceError]) -> None:
    """The services stop at the first problem; the import reports them all."""
    if errors:
        raise errors[0]


def check_composition(members: list[dict[str, Any]]) -> None:
    """Exactly one 户主 and at most one 配偶 among the current members; no ID twice."""
    raise_first(composition_errors([m["relationship"] for m in members], [m["person_id"] for m in members]))


def refuse_duplicate(
    person_id: str, by: User, *, exclude_pk: int | None = None, field: str = "id_number"
) -> None:
    """Refuse a second registration of one person, saying where they are when ``by`` may see it."""
    # exclude(pk=None) excludes nothing; the stubs do not accept None for pk.
    others = Member.objects.filter(person_id=person_id).exclude(pk=exclude_pk)  # type: ignore[misc]
    other = others.select_related("household").first()
    if other is None:
        return
    visible = Household.objects.visible_to(by).filter(pk=other.household_id).exists()
    place = other.household.village.full_name if visible else None
    raise duplicate_person(person_id, place=place, number=other.household.number, field=field)


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


def lock_household(household: Household) -> Household:
    """The household's row, locked until the transaction ends (PostgreSQL; SQLite serialises
    writers anyway). Every member-list change takes it first, so ``member_count``/``head_name``
    and the one-head checks are computed from what the previous writer committed."""
    return Household.objects.select_for_update().select_related("village").get(pk=household.pk)


def check_version(household: Household, version: object) -> None:
    """Refuse a stale edit: ``version`` is the ``updated_at`` the editor saw (form field / If-Match)."""
    if version in (None, ""):
        return
    seen = version if isinstance(version, datetime.datetime) else parse_datetime(str(version).strip())
    if seen is None:
        raise ServiceError(_("版本标记格式不正确，请刷新页面后重试。"), code="bad_version", field="version")
    if seen != household.updated_at:
        from ..history import changes_since

        raise Conflict(
            _("已被他人修改：%(changes)s。请刷新页面，核对后重新保存。")
            % {"changes": changes_since(household, seen)},
            code="stale",
        )


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
