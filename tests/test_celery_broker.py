"""A task goes through the real Redis broker to a worker this test starts (runs in CI)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import require_or_skip

ROOT = Path(__file__).resolve().parent.parent


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        require_or_skip("REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require_or_skip(f"Redis at {url} is unreachable: {exc}")
    return url


@pytest.mark.services
def test_task_runs_through_redis_on_a_started_worker():
    from common.tasks import echo
    from config.celery import app

    url = _redis_url()
    queue = f"broker-test-{os.getpid()}"
    env = {**os.environ, "CELERY_BROKER_URL": url, "CELERY_RESULT_BACKEND": url}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    try:
        app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
        app.__dict__.pop("backend", None)  # the backend is cached from the eager settings
        app._local.__dict__.pop("backend", None)
        started = time.monotonic()
        result = echo.apply_async(args=["守线"], queue=queue)
        assert result.get(timeout=60) == "守线"
        assert time.monotonic() - started < 60
    finally:
        app.conf.update(saved)
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_beat_schedule_names_registered_tasks():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
