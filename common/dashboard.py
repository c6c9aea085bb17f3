"""Dashboard panels that apps above the dashboard contribute (grading, for one).

The dashboard lives in ``indicators``; an app above it registers a panel here at ``ready()`` and the
dashboard computes it with its own: ``panel(scope) -> dict | None`` (plain, cacheable data naming
its ``template``; ``"tile": True`` for a one-number tile; ``"charts"`` for ECharts data; None hides
it). ``scope`` is ``indicators.dashboard.scope.DashboardScope`` (roots, buckets, today, region_ids).
"""

from collections.abc import Callable
from typing import Any

DashboardPanel = Callable[[Any], dict[str, Any] | None]

_panels: list[DashboardPanel] = []


def add_dashboard_panel(panel: DashboardPanel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def dashboard_panels() -> list[DashboardPanel]:
    return list(_panels)
