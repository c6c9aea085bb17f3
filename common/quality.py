"""Data-quality checks (SPEC 4): a registry every app adds to.

A check is a function from a scoped base queryset of its model to the queryset of offending rows.
Apps register theirs in a ``checks`` module imported from ``AppConfig.ready()``; the monitoring
app runs them nightly and on demand, always over ``Model.objects.visible_to(user)``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import QuerySet

from accounts.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Finder = Callable[[QuerySet[Any]], QuerySet[Any]]


@dataclass(frozen=True)
class Check:
    code: str
    label: "StrOrPromise"
    model: str  # "app_label.ModelName"
    find: Finder

    def base(self, user: User | None = None) -> QuerySet[Any]:
        manager = apps.get_model(self.model).objects
        rows: QuerySet[Any] = manager.visible_to(user) if user is not None else manager.all()
        return rows

    def run(self, user: User | None = None) -> QuerySet[Any]:
        return self.find(self.base(user))


REGISTRY: dict[str, Check] = {}


def register(code: str, label: "StrOrPromise", model: str) -> Callable[[Finder], Finder]:
    """Decorator: ``@register("head_count", _("户主人数不为1"), "households.Household")``."""

    def decorate(find: Finder) -> Finder:
        REGISTRY[code] = Check(code=code, label=label, model=model, find=find)
        return find

    return decorate
