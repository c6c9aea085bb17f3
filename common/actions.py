"""Calling a service from a page: the one place where a refusal (``ServiceError``) is caught.

- ``submit(form, service, **kwargs)``: a form page. The refusal becomes an error on the field the
  service named (or on top of the form), so the page re-renders with everything the user typed;
  afterwards ``form.is_valid()`` is False. Dotted fields such as ``members.2.id_number`` go to the
  matching form of a formset passed as ``formsets={"members": formset}`` (or to ``route``).
- ``run(request, service, **kwargs)``: a button without a form (confirm, cancel, batch): the
  refusal becomes the page's error message.

No view writes its own ``try/except ServiceError``.

A page re-shown after a refusal answers the refusal's status when it is not a plain form error:
``Conflict`` (已被他人修改) is 409 on the page as in the API. ``submit`` notes it for the request and
:class:`RefusalStatusMiddleware` sets it on the re-rendered page (a redirect keeps its 302).
"""

import contextvars
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .errors import Conflict, ServiceError

T = TypeVar("T")

# The status of the page being answered, when a refusal asks for one (set per request).
_refusal_status: contextvars.ContextVar[int | None] = contextvars.ContextVar("refusal_status", default=None)


def _note(exc: ServiceError) -> None:
    if isinstance(exc, Conflict):
        _refusal_status.set(exc.status_code)


class RefusalStatusMiddleware:
    """A form page re-rendered after a 409 refusal answers 409 (browsers show it the same)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _refusal_status.set(None)
        try:
            response = self.get_response(request)
            status = _refusal_status.get()
            if status and response.status_code == 200:
                response.status_code = status
            return response
        finally:
            _refusal_status.reset(token)


Route = Callable[[ServiceError], tuple[forms.BaseForm, str | None]]


def add_service_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """Show a service's Chinese message next to its field, or on top of the form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _target(
    form: forms.BaseForm, exc: ServiceError, formsets: Mapping[str, Any], route: Route | None
) -> tuple[forms.BaseForm, str | None]:
    if route is not None:
        return route(exc)
    if exc.field and "." in exc.field:
        name, index, field = (exc.field.split(".", 2) + ["", ""])[:3]
        formset = formsets.get(name)
        if formset is not None and index.isdigit() and int(index) < len(formset.forms):
            return formset.forms[int(index)], field
    return form, exc.field


def submit(
    form: forms.BaseForm,
    service: Callable[..., T],
    /,
    *,
    formsets: Mapping[str, Any] | None = None,
    route: Route | None = None,
    **kwargs: Any,
) -> T | None:
    """Call ``service(**kwargs)``; on a refusal put its message on the form and return None."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        _note(exc)
        target, field = _target(form, exc, formsets or {}, route)
        add_service_error(target, ServiceError(exc.message, code=exc.code, field=field))
        if target is not form:
            # The summary at the top of the page lists it too, and form.is_valid() turns False.
            form.add_error(None, exc.message)
        return None


def run(request: HttpRequest, service: Callable[..., T], /, **kwargs: Any) -> T | None:
    """Call ``service``; a ServiceError becomes an error message and ``None``."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return None
