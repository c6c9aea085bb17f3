"""Load check (issue 15): gunicorn (2 workers) + PostgreSQL under 30 concurrent users for 2 minutes.

As the county runs it: DEBUG off, the collected static manifest, gunicorn behind the TLS proxy
(the proxy is left out: requests carry ``X-Forwarded-Proto: https`` as Caddy sets it). The data is
the demo county with ``--households`` households (default 5,000) in its own database.

Each simulated user logs in as one of the demo users (village, township, county, viewer), then
loops over a mix of what people do all day: household list and search, a household page, the case
list and queue, a case page, the dashboard (home), an API page. Printed per kind and overall:
requests/s, error count (any status other than 2xx, or a connection error), p50/p95/p99; the login POST
separately. The floor printed beside it is ``/healthz`` measured the same way (one database
query, no template work), so the ratio shows what the pages cost over the bare stack.

    .venv/bin/python bench/load.py [--users 30] [--seconds 120] [--households 5000]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/sx_bench_load; a second run reuses
the data (drop the database to rebuild).
"""

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from _database import ensure_database  # noqa: E402

STRONG_KEY = "k3Jd9-x_Qm2vL8pZt4WcRb7YnHs1FgAe6UoXiTq0NlMrK5jEhDw-load"
USERS = ["village_a", "village_b", "township", "county", "viewer"]
PASSWORD = "shouxian2026"  # accounts.demo.DEMO_PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(url: str, static_root: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env.update(
        DATABASE_URL=url,
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=static_root,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",  # the proxy's TLS is left out; requests would not send Secure cookies
        API_RATE_TOKEN="100000000/hour",
        AXES_FAILURE_LIMIT="1000",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(url: str, env: dict, households: int) -> None:
    ensure_database(url)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "demo", "--households", str(households)], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1


def _get(session: requests.Session, base: str, rec: Recorder, kind: str, path: str) -> str:
    started = time.perf_counter()
    try:
        response = session.get(
            base + path, headers={"X-Forwarded-Proto": "https"}, timeout=30, allow_redirects=False
        )
        ok = response.status_code < 300  # a redirect here means the session was lost
        body = response.text if ok else ""
    except requests.RequestException:
        ok, body = False, ""
    rec.add(kind, time.perf_counter() - started, ok)
    return body


def login(session: requests.Session, base: str, rec: Recorder, username: str) -> None:
    page = session.get(base + "/accounts/login/", headers={"X-Forwarded-Proto": "https"}, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    started = time.perf_counter()
    response = session.post(
        base + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        # As through the TLS proxy: the CSRF check compares the Referer with https://host.
        headers={
            "X-Forwarded-Proto": "https",
            "Referer": base.replace("http:", "https:") + "/accounts/login/",
        },
        timeout=30,
        allow_redirects=False,
    )
    rec.add("login POST", time.perf_counter() - started, response.status_code == 302)


def user_loop(base: str, username: str, until: float, rec: Recorder, seed: int) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    login(session, base, rec, username)
    households: list[str] = []
    cases: list[str] = []
    while time.monotonic() < until:
        step = rng.random()
        if step < 0.25:
            body = _get(session, base, rec, "household list", f"/households/?page={rng.randint(1, 3)}")
            households = re.findall(r'href="/households/(\d+)/"', body) or households
        elif step < 0.35:
            query = urllib.parse.quote(rng.choice(["张", "李", "王", "刘", "陈"]))
            _get(session, base, rec, "household search", f"/households/?q={query}")
        elif step < 0.55 and households:
            _get(session, base, rec, "household page", f"/households/{rng.choice(households)}/")
        elif step < 0.70:
            body = _get(session, base, rec, "case list", "/cases/")
            cases = re.findall(r'href="/cases/(\d+)/"', body) or cases
        elif step < 0.80 and cases:
            _get(session, base, rec, "case page", f"/cases/{rng.choice(cases)}/")
        elif step < 0.90:
            _get(session, base, rec, "dashboard", "/")
        else:
            _get(session, base, rec, "API page", "/api/v1/households/?page_size=100")


def floor(base: str, seconds: float, users: int) -> Recorder:
    rec = Recorder()
    until = time.monotonic() + seconds

    def loop():
        session = requests.Session()
        while time.monotonic() < until:
            _get(session, base, rec, "healthz", "/healthz")

    threads = [threading.Thread(target=loop) for _ in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return rec


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def report(rec: Recorder, seconds: float) -> tuple[int, float]:
    total = sum(len(v) for v in rec.times.values())
    errors = sum(rec.errors.values())
    print(f"{'kind':<18}{'n':>7}{'err':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, values in sorted(rec.times.items()):
        print(
            f"{kind:<18}{len(values):>7}{rec.errors[kind]:>6}"
            f"{pct(values, 50):>9.0f}{pct(values, 95):>9.0f}{pct(values, 99):>9.0f}"
        )
    pages = [v for kind, vs in rec.times.items() if kind != "login POST" for v in vs]
    print(
        f"{'all':<18}{total:>7}{errors:>6}{pct(pages, 50):>9.0f}{pct(pages, 95):>9.0f}{pct(pages, 99):>9.0f}"
    )
    print(f"requests/s: {total / seconds:.1f}  errors: {errors}")
    return errors, pct(pages, 95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sx_bench_load")
    static_root = tempfile.mkdtemp(prefix="sx-load-static-")
    env = _env(url, static_root)
    prepare(url, env, args.households)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(args.workers), "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        floor_seconds = min(20.0, args.seconds / 4)
        print(f"floor: /healthz, {args.users} users, {floor_seconds:.0f} s")
        floor_rec = floor(base, floor_seconds, args.users)
        floor_p95 = pct(floor_rec.times["healthz"], 95)
        print(f"  p50 {pct(floor_rec.times['healthz'], 50):.0f} ms  p95 {floor_p95:.0f} ms")
        rec = Recorder()
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=user_loop, args=(base, USERS[i % len(USERS)], until, rec, i))
            for i in range(args.users)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"load: {args.users} users, {args.workers} gunicorn workers, {args.households} households")
        errors, p95 = report(rec, time.monotonic() - started)
        print(f"ratio: {p95 / max(floor_p95, 0.001):.2f}  (pages p95 / healthz p95)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
