import gc
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def test_wsgi_worker_freezes_startup_objects_and_raises_gc_threshold():
    before = gc.get_threshold()
    try:
        import config.wsgi  # noqa: F401
        from config.gc_tuning import tune

        tune()
        assert gc.get_threshold()[0] == 50_000
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


STRONG_KEY = "k3Jd9-x_Qm2vL8pZt4WcRb7YnHs1FgAe6UoXiTq0NlMrK5jEhDw"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_the_login_page_with_debug_off(tmp_path):
    """As the container runs it: DEBUG off, the collected static manifest, gunicorn behind the
    TLS proxy (which says so in X-Forwarded-Proto)."""
    root = Path(__file__).resolve().parent.parent
    dropped = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="shouxian.example.gov.cn",
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=root, env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--log-level", "warning"],
        cwd=root,
        env=env,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/accounts/login/",
            headers={"Host": "shouxian.example.gov.cn", "X-Forwarded-Proto": "https"},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    body = response.read().decode()
                    headers = response.headers
                break
            except (ConnectionError, urllib.error.URLError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        assert "登录守线" in body
        assert "/static/vendor/bootstrap/bootstrap.min." in body  # hashed name from the manifest
        assert "script-src 'self'" in headers["Content-Security-Policy"]
    finally:
        server.terminate()
        server.wait(timeout=30)
