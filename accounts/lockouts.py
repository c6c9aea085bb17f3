"""Login lockouts (django-axes): which a user may see and lift, and lifting one (logged).

A superuser sees every lockout; a county user those of users whose assigned regions all lie in
their county scope (a lockout of an unknown username is a superuser's matter)."""

import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Role, User
from .scope import user_may

logger = logging.getLogger(__name__)


def _may_lift(by: User, username: str) -> bool:
    if by.is_superuser:
        return True
    target = User.objects.filter(username=username).first()
    if target is None or target.is_superuser:
        return False
    regions = [r for a in target.assignments for r in a.regions.all()]
    return bool(regions) and all(user_may(by, Role.COUNTY, region=r) for r in regions)


def lockouts_visible_to(user: User) -> list[AccessAttempt]:
    """Current lockouts (failures at or over the limit) that ``user`` may lift."""
    if not (user.is_superuser or user.has_role(Role.COUNTY)):
        return []
    locked: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")
    return [a for a in locked if _may_lift(user, a.username)]


@transaction.atomic
def lockout_lift(*, attempt: AccessAttempt, by: User) -> None:
    """Delete the failure record of this username and address: the next login is checked afresh."""
    if not _may_lift(by, attempt.username):
        raise PermissionDenied
    LogEntry.objects.create(
        user_id=by.pk,
        content_type=ContentType.objects.get_for_model(AccessAttempt),
        object_id=str(attempt.pk),
        object_repr=_("%(user)s 的登录锁定（%(ip)s）") % {"user": attempt.username, "ip": attempt.ip_address},
        action_flag=DELETION,
        change_message=_("解除登录锁定"),
    )
    logger.warning(
        "login lockout lifted: username=%s ip=%s by=%s", attempt.username, attempt.ip_address, by.username
    )
    attempt.delete()
