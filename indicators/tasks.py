"""Thin Celery wrappers: the nightly recomputation of register metrics and dashboard snapshots."""

from celery import shared_task

from . import services


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def computed_refresh(year: int | None = None) -> int:
    return services.computed_refresh(year=year)


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def snapshot_refresh() -> int:
    return services.snapshot_refresh()


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def dashboard_warm() -> int:
    from .dashboard import dashboard_warm as warm

    return warm()
