"""Who did something, for change logs: a history row written by a task or a command has no user."""

from typing import TYPE_CHECKING

from django import template
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from accounts.models import User

register = template.Library()


@register.filter
def actor(user: "User | None") -> str:
    """The user's name (family name first), else the username; "系统" when there is no user."""
    if user is None:
        return _("系统")
    return f"{user.last_name}{user.first_name}".strip() or user.username
