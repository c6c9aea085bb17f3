"""Types for annotations only."""

from django.http import HttpRequest

from .models import User


class AuthedRequest(HttpRequest):
    """The request of a view behind ``@login_required``: its user is a :class:`User`, never anonymous."""

    user: User
