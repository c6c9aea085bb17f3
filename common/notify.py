"""Notifications: in-app always, e-mail too when the recipient has an address and e-mail is set up."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

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
        if user.email and getattr(settings, "NOTIFY_BY_EMAIL", False):
            transaction.on_commit(
                lambda u=user: send_mail(  # type: ignore[misc]  # default-bound loop variable
                    "守线提醒", message, None, [u.email], fail_silently=True
                )
            )
    return created
