"""The disposal actions of the disposal page: name → form, service, success message.

The names are those of the transition table (``assets.services.disposal.DISPOSAL_WORKFLOW``) and
of the page URLs (``disposals/<id>/<name>/``). Disposals have no API transitions yet; an API
endpoint would read this registry too, with the same names.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DisposalCompleteForm, FundApproveForm, FundCompleteForm, OpinionForm
from .services import disposal as services
from .services import fund

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class DisposalAction:
    name: str
    form: type[forms.Form]
    service: Callable[..., Any]
    done: "StrOrPromise"


DISPOSAL_ACTIONS: dict[str, DisposalAction] = {
    a.name: a
    for a in [
        DisposalAction("review", OpinionForm, services.disposal_review, _("已审核，报县级审批。")),
        DisposalAction("approve", OpinionForm, services.disposal_approve, _("已批准处置。")),
        DisposalAction("reject", OpinionForm, services.disposal_reject, _("已退回，申请未通过。")),
        DisposalAction(
            "complete", DisposalCompleteForm, services.disposal_complete, _("处置已办结，资产移出在用台账。")
        ),
    ]
}

if set(DISPOSAL_ACTIONS) != set(services.DISPOSAL_WORKFLOW.actions):  # pragma: no cover
    raise RuntimeError("assets.actions and DISPOSAL_WORKFLOW name different actions")


# The fund request page's actions (``assets.services.fund.FUND_WORKFLOW``), the same way.
FUND_ACTIONS: dict[str, DisposalAction] = {
    a.name: a
    for a in [
        DisposalAction("review", OpinionForm, fund.fund_request_review, _("已审核，报县级审批。")),
        DisposalAction("approve", FundApproveForm, fund.fund_request_approve, _("已批准，可登记支出。")),
        DisposalAction("reject", OpinionForm, fund.fund_request_reject, _("已退回，申请未通过。")),
        DisposalAction("complete", FundCompleteForm, fund.fund_request_complete, _("已办结。")),
    ]
}

if set(FUND_ACTIONS) != set(fund.FUND_WORKFLOW.actions):  # pragma: no cover
    raise RuntimeError("assets.actions and FUND_WORKFLOW name different actions")
