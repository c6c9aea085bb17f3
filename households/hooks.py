"""What higher apps plug into the register at ``ready()``, so households never imports them.

Households is below monitoring in the app layering; yet the household list filters on "under
monitoring" and the household page shows the household's cases. Monitoring fills these hooks in
``MonitoringConfig.ready()``; households only calls them.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import HttpRequest

#: the monitored cases of the household ``OuterRef("pk")``, for an ``Exists`` subquery
_monitored_cases: Callable[[], QuerySet[Any]] | None = None

#: extra context for the household page: ``provider(request, household, can_edit) -> dict``
detail_context_providers: list[Callable[[HttpRequest, Any, bool], dict[str, Any]]] = []


def set_monitored_cases(query: Callable[[], QuerySet[Any]]) -> None:
    global _monitored_cases
    _monitored_cases = query


def monitored_cases() -> QuerySet[Any]:
    if _monitored_cases is None:
        raise ImproperlyConfigured("No app has registered the monitored-cases query (monitoring).")
    return _monitored_cases()


def add_detail_context(provider: Callable[[HttpRequest, Any, bool], dict[str, Any]]) -> None:
    if provider not in detail_context_providers:
        detail_context_providers.append(provider)


def detail_context(request: HttpRequest, household: Any, can_edit: bool) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in detail_context_providers:
        context.update(provider(request, household, can_edit))
    return context
