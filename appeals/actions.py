"""The appeal actions of the appeal page: name → label, form, service, arguments.

The names are those of the transition table (``appeals.services.APPEAL_WORKFLOW``) and of the page
URLs (``<id>/<name>/``). The API is read-only; a transition endpoint would read this registry too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import DismissForm, InformForm, OpinionForm


@dataclass(frozen=True)
class AppealAction:
    name: str
    label: "str | Promise"
    form: type[forms.Form]
    service: Callable[..., Any]
    # The service's keywords from the form's cleaned data.
    arguments: Callable[[dict[str, Any]], dict[str, Any]]
    css: str = "btn-primary"
    confirm: bool = False


APPEAL_ACTIONS: dict[str, AppealAction] = {
    a.name: a
    for a in [
        AppealAction(
            "forward", _("乡镇复核：支持申诉，报县级复核"), OpinionForm, services.appeal_forward, dict
        ),
        AppealAction(
            "dismiss", _("乡镇复核：驳回申诉"), DismissForm, services.appeal_dismiss, dict, "btn-danger", True
        ),
        AppealAction("uphold", _("县级复核：维持原决定"), OpinionForm, services.appeal_uphold, dict),
        AppealAction(
            "overturn",
            _("县级复核：撤销原决定"),
            OpinionForm,
            services.appeal_overturn,
            dict,
            "btn-danger",
            True,
        ),
        AppealAction("inform", _("结果已告知农户，办结"), InformForm, services.appeal_inform, dict),
    ]
}

if set(APPEAL_ACTIONS) != set(services.APPEAL_WORKFLOW.actions):  # pragma: no cover
    raise RuntimeError("appeals.actions and APPEAL_WORKFLOW name different actions")
