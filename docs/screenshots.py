"""Regenerate the README screenshots from demo data.

    .venv/bin/python docs/screenshots.py

Builds the demo (``manage.py demo --households 300``) into a temporary SQLite database, starts
``runserver`` on a free local port against it, and uses Playwright's headless Chromium to write:

- ``docs/cadre-home.png``: the village cadre's home on a 360 px phone;
- ``docs/case-timeline.png``: the case with the longest step log, as the county sees it;
- ``docs/dashboard.png``: the county's dashboard on a laptop.

Nothing touches the project's own database or media folder. Needs Chromium (``chromium`` on the
PATH, or ``CHROMIUM=/path/to/chrome``).
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PASSWORD = "shouxian2026"  # accounts.demo.DEMO_PASSWORD
HOUSEHOLDS = os.environ.get("SCREENSHOT_HOUSEHOLDS", "300")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - a local URL we built
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def longest_timeline_case(env: dict) -> int:
    """The id of the demo case with the most steps (a full enrolment timeline)."""
    code = (
        "from django.db.models import Count; from monitoring.models import Case; "
        "print(Case.objects.annotate(n=Count('steps')).order_by('-n', 'pk').values_list('pk', flat=True)[0])"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return int(out.stdout.decode().strip().splitlines()[-1])


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shoot(
    browser, base: str, username: str, path: str, name: str, *, width: int, height: int, longest: int = 2000
) -> None:
    """A full-page screenshot, cut at ``longest`` pixels (the README needs the top, not 40 rows)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30000)
    login(page, base, username)
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    for chart in page.locator(".dashboard-chart").all():
        chart.locator("canvas").wait_for()
    page.wait_for_timeout(800)  # ECharts' entry animation
    target = DOCS / name
    full = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(
        path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": min(full, longest)}
    )
    context.close()
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")


def main() -> None:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("Chromium not found: install it or set CHROMIUM=/path/to/chrome")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="shouxian-shots-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "REDIS_URL": "",
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "demo", "--households", HOUSEHOLDS)
        case_id = longest_timeline_case(env)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/accounts/login/")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                shoot(browser, base, "village_a", "/", "cadre-home.png", width=360, height=740)
                shoot(
                    browser, base, "county", f"/cases/{case_id}/", "case-timeline.png", width=1024, height=800
                )
                shoot(
                    browser,
                    base,
                    "county",
                    "/dashboard/",
                    "dashboard.png",
                    width=1280,
                    height=900,
                    longest=1900,
                )
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
