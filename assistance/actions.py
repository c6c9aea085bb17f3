"""The measure actions of the measure page: name → form, service arguments, success message.

The names are those of the transition table (``assistance.services.measures.MEASURE_WORKFLOW``)
and of the page URLs (``measures/<id>/<name>/``). Measures have no API transitions yet; an API
endpoint would read this registry too, with the same names.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import CancelForm, TransitionForm
from .housing_forms import AssignForm, ReportFixedForm, UnfoundedForm, VerifyForm
from .services.housing import HOUSING_WORKFLOW
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


@dataclass(frozen=True)
class HousingAction:
    name: str
    label: "str | Promise"
    form: type[forms.Form]
    service: Callable[..., Any]
    arguments: Callable[[dict[str, Any]], dict[str, Any]]


HOUSING_ACTIONS: dict[str, HousingAction] = {
    a.name: a
    for a in [
        HousingAction("assign", _("交办整改"), AssignForm, services.housing_problem_assign, dict),
        HousingAction(
            "report_fixed",
            _("整改完成，提交核验"),
            ReportFixedForm,
            services.housing_problem_report_fixed,
            dict,
        ),
        HousingAction(
            "strike_off", _("核验通过，销号"), VerifyForm, services.housing_problem_strike_off, dict
        ),
        HousingAction(
            "reject_fix", _("核验未通过，退回整改"), VerifyForm, services.housing_problem_reject_fix, dict
        ),
        HousingAction("unfounded", _("核实不属实"), UnfoundedForm, services.housing_problem_unfounded, dict),
    ]
}

if set(HOUSING_ACTIONS) != set(HOUSING_WORKFLOW.actions):  # pragma: no cover
    raise RuntimeError("assistance.actions and HOUSING_WORKFLOW name different actions")
