"""The compose stack as documented: valid YAML, TLS in front, gunicorn not published, health
checks that ask like a browser, and an image without secrets or local data."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_services_and_their_health_checks():
    services = _compose()["services"]
    assert {"postgres", "redis", "migrate", "web", "worker", "beat", "caddy"} <= set(services)
    for name in ("postgres", "redis", "web", "worker", "caddy"):
        assert services[name]["healthcheck"]["test"], name


def test_only_the_tls_proxy_is_published():
    services = _compose()["services"]
    assert "ports" not in services["web"]
    assert "443:443" in services["caddy"]["ports"]
    assert services["caddy"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "tls {$CADDY_TLS:internal}" in caddyfile and "reverse_proxy web:8000" in caddyfile
    assert any(volume.startswith("./deploy/Caddyfile:") for volume in services["caddy"]["volumes"])


def test_web_health_check_uses_an_allowed_host_and_real_pages():
    check = " ".join(_compose()["services"]["web"]["healthcheck"]["test"])
    assert "Host: localhost" not in check
    assert "${ALLOWED_HOSTS%%,*}" in check.replace("$$", "$")
    assert "/healthz" in check and "/accounts/login/" in check


def test_image_leaves_out_secrets_and_local_data():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".env", ".venv", ".git", "media", "db.sqlite3", "staticfiles", "deploy/certs"} <= ignored


def test_image_builds_static_files_with_a_strong_throwaway_key():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "secrets.token_urlsafe(50)" in dockerfile and "DEBUG=0" in dockerfile
    assert not re.search(r"SECRET_KEY=(build-only|change-me)", dockerfile)
