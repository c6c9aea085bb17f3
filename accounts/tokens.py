"""API tokens (DRF authtoken, one per user): get, reissue, revoke. Each issue and revocation is
written to the admin log (``LogEntry``: who, whose token, what), never the key itself."""

from django.contrib.admin.models import ADDITION, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from .models import User


def log_token(by: User, user: User, flag: int, message: str) -> LogEntry:
    """An admin-log entry about ``user``'s token, made by ``by``."""
    return LogEntry.objects.create(
        user_id=by.pk,
        content_type=ContentType.objects.get_for_model(Token),
        object_id=None,  # the key is the token's primary key: it stays out of the log
        object_repr=_("%(user)s 的接口令牌") % {"user": user.username},
        action_flag=flag,
        change_message=message,
    )


@transaction.atomic
def token_get_or_issue(user: User) -> Token:
    """The user's token, issued now if they have none (``POST /api/v1/auth/token/``)."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        log_token(user, user, ADDITION, _("签发接口令牌"))
    return token


@transaction.atomic
def token_reissue(user: User) -> Token:
    """A new token; the old one stops working at once."""
    had = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    log_token(user, user, ADDITION, _("重新签发接口令牌（原令牌作废）") if had else _("签发接口令牌"))
    return token


@transaction.atomic
def token_revoke(user: User) -> bool:
    """Delete the user's token; whether there was one."""
    revoked = Token.objects.filter(user=user).delete()[0] > 0
    if revoked:
        log_token(user, user, DELETION, _("吊销接口令牌"))
    return revoked
