"""Strict parsing of environment values: a typo must stop the start, not flip a switch."""

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def parse_bool(name: str, raw: str | None, default: bool) -> bool:
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


# Placeholders that example files and tutorials ship with; never a production key.
KNOWN_PLACEHOLDERS = {"change-me", "changeme", "secret", "build-only"}


def weak_secret_key(key: str) -> bool:
    """Django's own bar (``check --deploy`` W009): 50+ characters, 5+ distinct, not a generated
    development key; and none of the placeholders."""
    return (
        len(key) < 50
        or len(set(key)) < 5
        or key.startswith("django-insecure-")
        or key.strip().lower() in KNOWN_PLACEHOLDERS
        or "change-me" in key.lower()
    )
