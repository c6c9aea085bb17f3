"""The appointment actions of the appointment page: name → label, form, service (names of
``employment.services.APPOINTMENT_WORKFLOW`` and of the page URLs ``appointments/<id>/<name>/``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import ApproveForm, ExitForm


@dataclass(frozen=True)
class AppointmentAction:
    name: str
    label: "str | Promise"
    form: type[forms.Form]
    service: Callable[..., Any]
    confirm: "str | Promise" = ""  # asked before an action that cannot be undone


APPOINTMENT_ACTIONS: dict[str, AppointmentAction] = {
    a.name: a
    for a in [
        AppointmentAction("approve", _("审核同意，上岗"), ApproveForm, services.appointment_approve),
        AppointmentAction(
            "exit", _("退岗"), ExitForm, services.appointment_exit, _("确认办理退岗？退岗后不能恢复。")
        ),
    ]
}

if set(APPOINTMENT_ACTIONS) != set(services.APPOINTMENT_WORKFLOW.actions):  # pragma: no cover
    raise RuntimeError("employment.actions and APPOINTMENT_WORKFLOW name different actions")
