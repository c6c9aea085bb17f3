"""The area-alert actions of the alert page: name → label, form, service (the names are those of
``grading.services.alerts.ALERT_WORKFLOW`` and of the page URLs ``alerts/<id>/<name>/``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .alert_forms import AcknowledgeForm, CloseForm
from .services.alerts import ALERT_WORKFLOW, alert_acknowledge, alert_close


@dataclass(frozen=True)
class AlertAction:
    name: str
    label: "str | Promise"
    form: type[forms.Form]
    service: Callable[..., Any]
    confirm: bool = False  # the form asks first (data-confirm): closing cannot be undone


ALERT_ACTIONS: dict[str, AlertAction] = {
    a.name: a
    for a in [
        AlertAction("acknowledge", _("确认预警"), AcknowledgeForm, alert_acknowledge),
        AlertAction("close", _("关闭预警"), CloseForm, alert_close, confirm=True),
    ]
}

if set(ALERT_ACTIONS) != set(ALERT_WORKFLOW.actions):  # pragma: no cover
    raise RuntimeError("grading.alert_actions and ALERT_WORKFLOW name different actions")
