"""The production build as the Dockerfile runs it (DEBUG off, a real key, the hashed static
manifest), and the pages under the production settings: they render, carry the CSP and HSTS
headers, and contain nothing that CSP blocks."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3Jd9-x_Qm2vL8pZt4WcRb7YnHs1FgAe6UoXiTq0NlMrK5jEhDw"

# The settings that differ with DEBUG off; read from a process that imported config/settings.py
# with DEBUG=0, so the test follows the real module rather than a copy of it.
PRODUCTION_KEYS = [
    "DEBUG",
    "STORAGES",
    "MIDDLEWARE",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
]
BUILD = f"""
import json, django
from django.conf import settings
from django.core.management import call_command
django.setup()
call_command("check", deploy=True, fail_level="WARNING")
call_command("collectstatic", interactive=False, verbosity=0)
print(json.dumps({{k: getattr(settings, k) for k in {PRODUCTION_KEYS!r}}}))
"""


def _production_env(static_root: Path) -> dict:
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    dropped = {"DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="shouxian.example.gov.cn,testserver",
        STATIC_ROOT=str(static_root),
    )
    return env


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """``check --deploy`` clean and ``collectstatic`` into a temporary STATIC_ROOT, DEBUG off."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    result = subprocess.run(
        [sys.executable, "-c", BUILD],
        cwd=ROOT,
        env=_production_env(static_root),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    values["STATIC_ROOT"] = static_root
    assert (static_root / "staticfiles.json").exists()
    return values


@pytest.fixture
def production_settings(production, settings):
    for key, value in production.items():
        setattr(settings, key, value)
    return settings


def _hashed(body: str, name: str) -> bool:
    stem, ext = name.rsplit(".", 1)
    return re.search(rf"/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.{ext}", body) is not None


def _check_headers(response):
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_settings_are_strict(production):
    assert production["DEBUG"] is False
    assert "Manifest" in production["STORAGES"]["staticfiles"]["BACKEND"]
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SECURE_SSL_REDIRECT"] and production["SECURE_HSTS_SECONDS"] >= 31536000


def test_login_page_renders_with_the_static_manifest(production_settings, client, db):
    response = client.get(reverse("accounts:login"), secure=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert _hashed(body, "vendor/bootstrap/bootstrap.min.css") and _hashed(body, "js/shouxian.js")
    _check_headers(response)
    assert response.cookies["csrftoken"]["secure"]


def test_logged_in_pages_render_with_the_static_manifest(production_settings, client_for, county_user, db):
    client = client_for(county_user)
    for url in (reverse("home"), reverse("households:list"), reverse("accounts:api_token")):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert _hashed(response.content.decode(), "vendor/htmx/htmx.min.js"), url
        _check_headers(response)


def test_plain_http_is_redirected_to_https_but_healthz_is_not(production_settings, client, db):
    settings = production_settings
    settings.CELERY_BROKER_URL = ""
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200


def test_healthz_fails_when_pages_fail(production_settings, client, db, tmp_path):
    """An empty STATIC_ROOT: every page would fail on its first {% static %}; so must the check."""
    production_settings.CELERY_BROKER_URL = ""
    production_settings.STATIC_ROOT = tmp_path
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["pages"].startswith("error")


# -- what the build and CSP need from the sources --------------------------------------------


def _templates():
    for path in ROOT.glob("**/templates/**/*.html"):
        if not any(part.startswith(".") or part in {"staticfiles", "node_modules"} for part in path.parts):
            yield path


def test_no_template_has_inline_script_or_handler():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
    handler = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _templates()
        for pattern in (inline_script, handler)
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_static_files_reference_no_missing_source_map():
    missing = []
    for path in (ROOT / "static").rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for name in re.findall(
            r"sourceMappingURL=(\S+?)(?:\s*\*/)?\s*$", path.read_text(errors="ignore"), re.M
        ):
            if not (path.parent / name).exists():
                missing.append(f"{path.relative_to(ROOT)} → {name}")
    assert missing == []


def test_the_one_allowed_third_party_handler_matches_its_hash():
    """django-import-export's export form has an inline handler; the CSP allows exactly its text.
    An upgrade that changes it shows here (update IMPORT_EXPORT_TOGGLE_SHA256)."""
    import base64
    import hashlib

    import import_export
    from django.conf import settings

    template = Path(import_export.__file__).parent / "templates/admin/import_export/export.html"
    handlers = re.findall(r'\son[a-z]+="([^"]*)"', template.read_text())
    digests = {base64.b64encode(hashlib.sha256(h.encode()).digest()).decode() for h in handlers}
    assert digests == {settings.IMPORT_EXPORT_TOGGLE_SHA256}
