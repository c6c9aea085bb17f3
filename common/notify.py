"""Notifications: in-app always; by e-mail too when ``NOTIFY_BY_EMAIL`` is set and the recipient
has an address: at once, or in one daily digest for users who chose it (``notify_digest``)."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Notification


def notify(users: Iterable[User], *, kind: str, message: str, link: str = "", dedupe_key: str = "") -> int:
    """Send ``message`` to each of ``users``; with ``dedupe_key`` a user gets it once ever.

    Returns how many notifications were created (0 when all were sent before).
    """
    created = 0
    for user in users:
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=user, kind=kind, message=message, link=link, dedupe_key=dedupe_key
                )
        except IntegrityError:
            continue  # already delivered under this key
        created += 1
        if user.email and settings.NOTIFY_BY_EMAIL and not user.notify_digest:
            transaction.on_commit(
                lambda u=user: send_mail(  # type: ignore[misc]  # default-bound loop variable
                    _("守线提醒"), message, None, [u.email], fail_silently=True
                )
            )
    return created


def notifications_digest(now: datetime.datetime | None = None) -> int:
    """One e-mail per digest user with the notifications of the last 24 hours; returns how many
    e-mails were sent. Does nothing unless ``NOTIFY_BY_EMAIL`` is set."""
    if not settings.NOTIFY_BY_EMAIL:
        return 0
    since = (now or timezone.now()) - datetime.timedelta(days=1)
    sent = 0
    for user in User.objects.filter(notify_digest=True, is_active=True).exclude(email=""):
        messages = list(
            Notification.objects.filter(recipient=user, created_at__gte=since)
            .order_by("created_at")
            .values_list("message", flat=True)
        )
        if messages:
            body = "\n".join(f"· {m}" for m in messages)
            subject = _("守线每日提醒（%(n)s 条）") % {"n": len(messages)}
            sent += send_mail(subject, body, None, [user.email], fail_silently=True)
    return sent
