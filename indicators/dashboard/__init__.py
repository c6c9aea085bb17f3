"""The statistics dashboard on the home page (SPEC 8 issue item 5).

Speed at municipal scale (1,000,000 households) comes from three choices, measured by
``bench/dashboard.py``: every panel is a GROUP BY over indexed case columns inside the area; the
one household-wide figure (below the line) is read from a nightly per-village snapshot; and the
whole result is cached per (area, day) for a few minutes, shared by users with the same area.
"""

from django.core.cache import cache

from .panels import PANELS
from .scope import DashboardScope, resolve_scope

CACHE_SECONDS = 300
VERSION_KEY = "indicators:dashboard:version"


def dashboard_data(scope: DashboardScope, *, use_cache: bool = True) -> list[dict]:
    key = f"{scope.cache_key}:{cache.get(VERSION_KEY, 0)}"
    panels = cache.get(key) if use_cache else None
    if panels is None:
        panels = [found for panel in PANELS if (found := panel(scope)) is not None]
        cache.set(key, panels, CACHE_SECONDS)
    return panels


def dashboard_cache_clear() -> None:
    """Retire every cached dashboard at once (after a recomputation): a new version, new keys."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def dashboard_context(request) -> dict:
    """Context for ``home.html``: nothing for users without a register role; 404 for a region
    outside the user's scope."""
    scope = resolve_scope(request.user, request.GET.get("region"))
    if scope is None:
        return {}
    return {"dashboard": {"scope": scope, "panels": dashboard_data(scope)}}


__all__ = ["DashboardScope", "dashboard_cache_clear", "dashboard_context", "dashboard_data", "resolve_scope"]
