"""Who hears of a case's move, and what they read: the one place case events become notifications.

``advance`` (every transition of a case) calls :func:`case_moved`; the notifications are written
when the transaction commits, so a refused or rolled-back step tells no one. Recipients: the users
of the step the case now waits for, and always the village's cadres; never the user who acted.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, User
from common.notify import notify
from regions.models import Region

from .models import STEP_NAMES, Case

KIND = "case"


def users_over(case: Case, *roles: str) -> QuerySet[User]:
    """Active users holding one of ``roles`` over the case's village (assigned to it or above)."""
    return users_over_region(case.village, *roles)


def users_over_region(region: Region, *roles: str) -> QuerySet[User]:
    """Active users holding one of ``roles`` over ``region`` (assigned to it or above)."""
    codes = region.path.strip("/").split("/")
    return User.objects.filter(
        is_active=True, role_assignments__role__in=roles, role_assignments__regions__code__in=codes
    ).distinct()


def notify_region_on_commit(
    region: Region,
    roles: "tuple[str, ...] | set[str]",
    *,
    by: User,
    kind: str,
    message: str,
    link: str,
    dedupe_key: str,
    also: tuple[int, ...] = (),
) -> None:
    """When the transaction commits, tell the users of ``roles`` over ``region`` (and the users
    ``also`` names, e.g. a requester), never ``by``: the one recipe of the workflows beside cases."""

    def send() -> None:
        over = users_over_region(region, *roles).values("pk")
        users = User.objects.filter(Q(pk__in=over) | Q(pk__in=also)).exclude(pk=by.pk)
        notify(users, kind=kind, message=message, link=link, dedupe_key=dedupe_key)

    transaction.on_commit(send)


def case_event(case: Case, *, from_status: str, from_step: int) -> tuple[str, str] | None:
    """(event, message) for a move from (``from_status``, ``from_step``) to the case's state."""
    name = case.household.head_name
    to_step = STEP_NAMES.get(case.step, "")
    if case.status == Case.Status.MONITORED and from_status == Case.Status.ENROLLING:
        return "approved", _("%(name)s户已经县级审定，纳入监测。") % {"name": name}
    if case.status == Case.Status.MONITORED and from_status == Case.Status.ELIMINATED:
        return "rolled_back", _("%(name)s户的风险消除已回退，恢复监测。") % {"name": name}
    if case.status == Case.Status.MONITORED and from_status == Case.Status.EXITING:
        return "rejected", _("%(name)s户的风险消除未予通过，继续监测。") % {"name": name}
    if case.status == Case.Status.ELIMINATED:
        return "eliminated", _("%(name)s户已经县级审定，风险已消除。") % {"name": name}
    if case.status == Case.Status.REJECTED:
        return "rejected", _("%(name)s户未予纳入监测。") % {"name": name}
    if case.in_procedure and case.status == from_status and case.step < from_step:
        return "returned", _("%(name)s户被退回至“%(step)s”，请重新办理。") % {"name": name, "step": to_step}
    if case.in_procedure:
        return "reached", _("%(name)s户已到“%(step)s”，请于 %(deadline)s 前办理。") % {
            "name": name,
            "step": to_step,
            "deadline": case.deadline.isoformat(),
        }
    return None


def case_moved(case: Case, *, from_status: str, from_step: int, by: User, step_role: str | None) -> None:
    """Tell the users of the next step (``step_role``) and the village, once the transaction commits."""
    found = case_event(case, from_status=from_status, from_step=from_step)
    if found is None:
        return
    event, message = found
    roles: set[str] = {Role.VILLAGE}
    if case.in_procedure and step_role:
        roles.add(step_role)
    link = case.get_absolute_url()
    key = f"case-{case.pk}-{event}-{case.status}-{case.step}-{case.step_since.isoformat()}"

    def send() -> None:
        notify(
            users_over(case, *roles).exclude(pk=by.pk), kind=KIND, message=message, link=link, dedupe_key=key
        )

    transaction.on_commit(send)
