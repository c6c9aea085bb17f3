"""The case actions: one registry read by the case page, the batch page and the API.

Each action has one name everywhere (the page URL ``/monitoring/<id>/<name>/``, the detail page's
forms, ``POST /api/v1/cases/{id}/transition/ {"action": name}``), one form that validates its input
(the API derives its parameters from the same form), one service, and the role and source state
from the case workflow's transition table (``monitoring.services.steps.CASE_WORKFLOW``).

Names are the services' verbs: ``case_verify`` → ``verify``, ``case_township_review`` → ``review``,
``case_decide`` → ``decide``, ``case_nominate_exit`` → ``nominate_exit``, and ``objection`` for
``case_record_objection``. The API's earlier names stay accepted for one release (``API_ALIASES``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from . import forms, services
from .models import Case
from .services.procedure import decision_warnings
from .services.steps import CASE_WORKFLOW

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class CaseAction:
    name: str
    form: type[django_forms.Form]
    service: Callable[..., Any]
    done: "StrOrPromise"  # the success message
    title: "StrOrPromise"  # the card's title on the case page
    label: "StrOrPromise" = ""  # the button (default: the title)
    css: str = "btn-primary"
    confirm: "StrOrPromise" = ""  # asked before posting
    prefix: str | None = None  # forms sharing field names on one page need their own prefix
    # Warnings the service recorded while passing (shown as messages after success).
    warnings: Callable[[Case], list[str]] | None = None

    def bind(self, data: Any = None, files: Any = None, case: Case | None = None) -> django_forms.Form:
        form = self.form(data, files, prefix=self.prefix)
        if case is not None and hasattr(form, "for_case"):
            form.for_case(case)  # a form whose fields depend on the procedure (verify)
        return form

    def warnings_of(self, case: Case) -> list[str]:
        return self.warnings(case) if self.warnings else []

    def roles(self, case: Case) -> tuple[str, ...]:
        return CASE_WORKFLOW.roles(case, self.name)

    @property
    def button(self) -> "StrOrPromise":
        return self.label or self.title


_ACTIONS = [
    CaseAction("resubmit", forms.ResubmitForm, services.case_resubmit, _("已重新提交。"), _("重新提交提名")),
    CaseAction(
        "verify", forms.VerifyForm, services.case_verify, _("入户核实已记录。"), _("入户核实"), _("核实通过")
    ),
    CaseAction(
        "deliberate", forms.DeliberateForm, services.case_deliberate, _("村级评议已记录，开始公示。"),
        _("村级评议"), _("评议通过并公示"),
    ),
    CaseAction(
        "objection", forms.ObjectionForm, services.case_record_objection, _("异议已登记。"),
        _("登记公示期异议"), _("登记异议"), css="btn-outline-secondary",
    ),
    CaseAction(
        "review", forms.TownshipReviewForm, services.case_township_review, _("审核意见已记录。"),
        _("乡镇联合审核"), _("提交审核意见"),
    ),
    CaseAction(
        "decide", forms.DecideForm, services.case_decide, _("县级审定已完成。"), _("县审定"), _("审定通过"),
        css="btn-success", warnings=decision_warnings,
    ),
    CaseAction(
        "nominate_exit", forms.ExitForm, services.case_nominate_exit, _("已提名风险消除。"), _("提名风险消除")
    ),
    CaseAction(
        "return", forms.ReasonForm, services.case_return, _("已退回上一步。"), _("退回上一步"),
        css="btn-outline-warning", confirm=_("确认退回上一步？"), prefix="return",
    ),
    CaseAction(
        "reject", forms.ReasonForm, services.case_reject, _("已作不予通过处理。"), _("不予通过"),
        css="btn-outline-danger", confirm=_("确认不予通过？此操作将结束本次程序。"), prefix="reject",
    ),
    CaseAction(
        "rollback", forms.ReasonForm, services.case_rollback, _("已回退为监测中。"), _("回退为监测中"),
        css="btn-outline-danger", confirm=_("确认回退该户的风险消除？"), prefix="rollback",
    ),
]  # fmt: skip
ACTIONS: dict[str, CaseAction] = {a.name: a for a in _ACTIONS}

# Earlier API names, accepted until the next release (README "Workflows", deprecated in OpenAPI).
API_ALIASES = {"object": "objection", "approve": "decide"}

# Township review and county decision may be taken on many cases at once from the work queue.
BATCH_ACTIONS = ("review", "decide")

if set(ACTIONS) != set(CASE_WORKFLOW.actions):  # pragma: no cover - a registry out of step
    raise RuntimeError("monitoring.actions and CASE_WORKFLOW name different actions")


def case_actions(case: Case, user: Any) -> list[CaseAction]:
    """The actions ``user`` may take on ``case`` now, in page order (the services check again)."""
    allowed = set(CASE_WORKFLOW.allowed_actions(case, user))
    return [action for action in _ACTIONS if action.name in allowed]
