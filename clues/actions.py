"""The clue actions of the clue page: name → form, service, success message.

The names are those of the transition table (``clues.services.CLUE_WORKFLOW``). Clues have no
API transitions yet; an API endpoint would read this registry too, with the same names.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import ConfirmForm, ExcludeForm
from .models import Clue

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _confirm_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "category": data["category"],
        "risks": [(data["risk_type"], data["disaster_subtype"])],
        "note": data["note"],
    }


@dataclass(frozen=True)
class ClueAction:
    name: str
    service: Callable[..., Clue]
    done: "StrOrPromise"
    form: type[forms.Form] | None = None  # None: a button, nothing to type
    # The service's keywords from the form's cleaned data (default: the same names).
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = field(default=dict)


CLUE_ACTIONS: dict[str, ClueAction] = {
    a.name: a
    for a in [
        ClueAction("dispatch", services.clue_dispatch, _("已分派到村核验。")),
        ClueAction("start", services.clue_start, _("已开始核验。")),
        ClueAction(
            "confirm", services.clue_confirm, _("已确认并提名纳入监测。"), ConfirmForm, _confirm_arguments
        ),
        ClueAction("exclude", services.clue_exclude, _("已排除该线索。"), ExcludeForm),
    ]
}

if set(CLUE_ACTIONS) != set(services.CLUE_WORKFLOW.actions):  # pragma: no cover
    raise RuntimeError("clues.actions and CLUE_WORKFLOW name different actions")
