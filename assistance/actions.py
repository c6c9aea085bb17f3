"""The measure actions of the measure page: name → form, service arguments, success message.

The names are those of the transition table (``assistance.services.measures.MEASURE_WORKFLOW``)
and of the page URLs (``measures/<id>/<name>/``). Measures have no API transitions yet; an API
endpoint would read this registry too, with the same names.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from . import services
from .forms import CancelForm, TransitionForm
from .services.measures import MEASURE_WORKFLOW


@dataclass(frozen=True)
class MeasureAction:
    name: str
    form: type[forms.Form]
    service: Callable[..., Any]
    # The service's keywords from the form's cleaned data.
    arguments: Callable[[dict[str, Any]], dict[str, Any]]


MEASURE_ACTIONS: dict[str, MeasureAction] = {
    a.name: a
    for a in [
        MeasureAction("start", TransitionForm, services.measure_start, lambda d: {"actual_start": d["on"]}),
        MeasureAction(
            "complete",
            TransitionForm,
            services.measure_complete,
            lambda d: {"actual_end": d["on"], "effect": d["effect"]},
        ),
        MeasureAction("cancel", CancelForm, services.measure_cancel, lambda d: {"reason": d["reason"]}),
    ]
}

if set(MEASURE_ACTIONS) != set(MEASURE_WORKFLOW.actions):  # pragma: no cover
    raise RuntimeError("assistance.actions and MEASURE_WORKFLOW name different actions")
