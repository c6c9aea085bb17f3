"""The names shown for the risk grades: 红/橙/黄/绿 unless ``settings.GRADE_NAMES`` renames them.

The stored value stays the colour word (red/orange/yellow/green); every page, ledger, API label
and chart reads the name through ``Grade``'s labels, which are lazy so a setting renames them all.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.functional import lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _name(value: str, default: "StrOrPromise") -> str:
    return str(getattr(settings, "GRADE_NAMES", {}).get(value) or default)


grade_label = lazy(_name, str)


def grade_name(value: str) -> str:
    """The name of the grade stored as ``value`` (the value itself when it is no grade)."""
    from .models import Grade

    return str(Grade(value).label) if value in Grade.values else value
