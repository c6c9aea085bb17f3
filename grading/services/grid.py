"""Hand-set special groups and the cadres of a grid cell."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from households.models import Member

from ..models import REGISTER_KINDS, GridCell, MemberGroup
from .grades import grades_recompute


def _recompute_on_commit(household_id: int) -> None:
    transaction.on_commit(lambda: grades_recompute(households=[household_id]))


@transaction.atomic
def member_group_set(
    *, member: Member, kind: str, by: User, start: datetime.date | None = None
) -> MemberGroup:
    """Flag ``member`` as one of the special groups (e.g. 三留守, 失能老年人) from ``start``."""
    require_role(by, Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY, region=member.household.village)
    if kind in REGISTER_KINDS:
        raise ServiceError(_("低保、特困和重度残疾由底册信息自动认定，请修改成员信息。"), field="kind")
    if MemberGroup.objects.filter(member=member, kind=kind, end__isnull=True).exists():
        raise ServiceError(_("该成员已在此特殊群体中。"), code="duplicate", field="kind")
    group = MemberGroup.objects.create(
        member=member, kind=kind, start=start or timezone.localdate(), source=MemberGroup.Source.MANUAL
    )
    _recompute_on_commit(member.household_id)
    return group


@transaction.atomic
def member_group_end(*, group: MemberGroup, by: User, end: datetime.date | None = None) -> MemberGroup:
    require_role(by, Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY, region=group.member.household.village)
    end = end or timezone.localdate()
    if group.end is not None:
        raise ServiceError(_("该特殊群体认定已终止。"), code="conflict")
    if end < group.start:
        raise ServiceError(_("终止日期不能早于起始日期。"), field="end")
    group.end = end
    group.save(update_fields=["end"])
    _recompute_on_commit(group.member.household_id)
    return group


@transaction.atomic
def gridcell_set_cadres(*, cell: GridCell, cadres: list[User], by: User) -> GridCell:
    """Name the responsible cadres (网格员) of a cell: village users of that village."""
    require_role(by, Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY, region=cell.village)
    for cadre in cadres:
        if not any(
            a.role == Role.VILLAGE and any(cell.village.is_within(r) for r in a.regions.all())
            for a in cadre.assignments
        ):
            raise ServiceError(_("%(user)s 不是本村的村级用户。") % {"user": cadre}, field="cadres")
    cell.cadres.set(cadres)
    return cell
