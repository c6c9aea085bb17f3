from celery import shared_task
from django.core.cache import cache
from django.utils import timezone


@shared_task(time_limit=30, soft_time_limit=25)
def heartbeat() -> str:
    """Beat proves it is alive: /healthz can show when the scheduler last ran."""
    now = timezone.now().isoformat()
    cache.set("celery:heartbeat", now, timeout=None)
    return now


@shared_task(time_limit=30, soft_time_limit=25)
def echo(value: str) -> str:
    """Round-trips a value through the broker; used by the broker test and by operators."""
    return value


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def files_retention_sweep() -> int:
    """Delete department and import files past their retention period (rows kept, logged)."""
    from .media import files_retention_sweep as sweep

    return sweep()


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60)
def jobs_sweep() -> int:
    """Fail jobs (and the import runs and uploads that follow them) whose worker is gone."""
    from .jobs import jobs_sweep as sweep

    return sweep()


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def notifications_digest() -> int:
    """The daily e-mail digest for users who chose it (NOTIFY_BY_EMAIL)."""
    from .notify import notifications_digest as digest

    return digest()
