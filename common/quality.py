"""Data-quality checks (SPEC 4): a registry every app adds to.

A check is a function from a scoped base queryset of its model to the queryset of offending rows.
Apps register theirs in a ``checks`` module imported from ``AppConfig.ready()``; the monitoring
app runs them nightly and on demand, always over ``Model.objects.visible_to(user)``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import QuerySet


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    model: str  # "app_label.ModelName"
    find: Callable[[QuerySet], QuerySet]

    def base(self, user=None) -> QuerySet:
        manager = apps.get_model(self.model).objects
        return manager.visible_to(user) if user is not None else manager.all()

    def run(self, user=None) -> QuerySet:
        return self.find(self.base(user))


REGISTRY: dict[str, Check] = {}


def register(code: str, label, model: str):
    """Decorator: ``@register("head_count", _("户主人数不为1"), "households.Household")``."""

    def decorate(find):
        REGISTRY[code] = Check(code=code, label=label, model=model, find=find)
        return find

    return decorate
