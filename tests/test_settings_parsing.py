import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.envparse import parse_bool, weak_secret_key

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("1", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("", False),
    ],
)
def test_booleans_parse_strictly(raw, expected):
    assert parse_bool("DEBUG", raw, default=not expected) is expected


def test_unset_boolean_takes_default():
    assert parse_bool("DEBUG", None, default=True) is True


def test_typo_in_boolean_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DEBUG='ture'"):
        parse_bool("DEBUG", "ture", default=False)


def _settings_in_subprocess(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    code = (
        "import django.conf as c; s=c.settings; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_embedded_default_is_sqlite_with_eager_tasks():
    result = _settings_in_subprocess()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "zh-hans", "Asia/Shanghai"]


def test_database_and_broker_come_from_the_environment():
    result = _settings_in_subprocess(DATABASE_URL="postgres://u@db:5432/x", REDIS_URL="redis://r:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["django.db.backends.postgresql", "False"]


STRONG_KEY = "k3Jd9-x_Qm2vL8pZt4WcRb7YnHs1FgAe6UoXiTq0NlMrK5jEhDw"


def test_secret_key_required_when_not_debug():
    result = _settings_in_subprocess(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is missing or weak" in result.stderr
    assert _settings_in_subprocess(DEBUG="0", SECRET_KEY=STRONG_KEY).returncode == 0


@pytest.mark.parametrize(
    "key",
    [
        "change-me",
        "short-but-random-9f8e7d",
        "x" * 60,
        "django-insecure-" + STRONG_KEY,
        "change-me" + STRONG_KEY,
    ],
)
def test_weak_secret_key_is_refused_when_not_debug(key):
    assert weak_secret_key(key)
    result = _settings_in_subprocess(DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is missing or weak" in result.stderr


def test_weak_secret_key_is_fine_for_development():
    assert _settings_in_subprocess(DEBUG="1", SECRET_KEY="change-me").returncode == 0
