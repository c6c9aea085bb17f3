"""The statistics dashboard on the home page (SPEC 8 issue item 5).

Speed at municipal scale (1,000,000 households) comes from three choices, measured by
``bench/dashboard.py``: every panel is a GROUP BY over indexed case columns inside the area; the
one household-wide figure (below the line) is read from a nightly per-village snapshot; and the
whole result is cached per (area, day) for a few minutes, shared by users with the same area.
"""

import logging

from django.core.cache import cache

from common.dashboard import dashboard_panels

from .panels import PANELS
from .scope import DashboardScope, resolve_scope

CACHE_SECONDS = 300  # longer than the 4-minute warm-up beat, so warmed areas stay warm
VERSION_KEY = "indicators:dashboard:version"
logger = logging.getLogger(__name__)


def all_panels() -> list:
    """This app's panels, then those registered by apps above it (``common.dashboard``)."""
    return [*PANELS, *dashboard_panels()]


def dashboard_data(scope: DashboardScope, *, use_cache: bool = True) -> list[dict]:
    """The panels from the cache, else computed from the database. The cache is a speed-up only:
    with Redis down the page is slower, never broken."""
    panels = None
    key = None
    if use_cache:
        try:
            key = f"{scope.cache_key}:{cache.get(VERSION_KEY, 0)}"
            panels = cache.get(key)
        except Exception:  # noqa: BLE001 - any cache failure (Redis down, timeout) means "no cache"
            logger.warning("dashboard cache unavailable, computing from the database", exc_info=True)
            key = None
    if panels is None:
        panels = [found for panel in all_panels() if (found := panel(scope)) is not None]
        if key is not None:
            try:
                cache.set(key, panels, CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("dashboard cache unavailable, result not stored", exc_info=True)
    return panels


def dashboard_warm() -> int:
    """Compute and cache the dashboards of the city and every county ahead of the users (beat,
    every few minutes): the areas whose cold computation is the slowest. Townships and villages
    are quick enough live. Needs the shared cache (Redis) to reach the web processes."""
    from regions.models import Region

    from .scope import scope_for_region

    areas = Region.objects.filter(level__in=(Region.Level.CITY, Region.Level.COUNTY))
    for region in areas:
        scope = scope_for_region(region)
        panels = [found for panel in all_panels() if (found := panel(scope)) is not None]
        cache.set(f"{scope.cache_key}:{cache.get(VERSION_KEY, 0)}", panels, CACHE_SECONDS)
    return len(areas)


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
    panels = dashboard_data(scope)
    return {"dashboard": {"scope": scope, "panels": panels, "charts": dashboard_charts(panels)}}


def dashboard_charts(panels: list[dict]) -> dict:
    """The chart data of every shown panel, by chart id, for ``json_script`` (drawn by
    indicators/static/indicators/dashboard.js; no query: read from the panels)."""
    return {key: chart for panel in panels for key, chart in panel.get("charts", {}).items()}


__all__ = [
    "DashboardScope",
    "dashboard_cache_clear",
    "dashboard_charts",
    "dashboard_context",
    "dashboard_data",
    "dashboard_warm",
    "resolve_scope",
]
