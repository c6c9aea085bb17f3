"""The loan actions of the loan page: name → label, form, service (names of ``LOAN_WORKFLOW``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import CancelForm, ExtendForm, IssueForm, RepayForm


@dataclass(frozen=True)
class LoanAction:
    name: str
    label: "str | Promise"
    form: type[forms.Form]
    service: Callable[..., Any]
    confirm: "str | Promise" = ""  # asked before an action that cannot be undone


LOAN_ACTIONS: dict[str, LoanAction] = {
    a.name: a
    for a in [
        LoanAction("issue", _("登记发放"), IssueForm, services.loan_issue),
        LoanAction("repay", _("登记还款"), RepayForm, services.loan_repay),
        LoanAction("extend", _("办理展期"), ExtendForm, services.loan_extend),
        LoanAction(
            "cancel", _("取消贷款"), CancelForm, services.loan_cancel, _("确认取消该笔贷款？取消后不能恢复。")
        ),
    ]
}

if set(LOAN_ACTIONS) != set(services.LOAN_WORKFLOW.actions):  # pragma: no cover
    raise RuntimeError("microcredit.actions and LOAN_WORKFLOW name different actions")
