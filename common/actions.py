"""Calling a service from a page: a refusal (``ServiceError``) becomes the page's error message."""

from django.contrib import messages

from .errors import ServiceError


def run(request, service, **kwargs):
    """Call ``service``; a ServiceError becomes an error message and ``None``."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return None
