"""Disposal pages: request, the list of open requests, one request with its review actions."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.scope import require_role
from common.actions import run
from common.errors import ServiceError
from common.pagination import paginate

from ..forms import DisposalCompleteForm, DisposalForm, OpinionForm
from ..models import Disposal
from ..services import disposal as services
from ..services.roles import RECORD_ROLES
from .base import require_reader, visible_asset


@login_required
def disposal_new(request, pk: int):
    asset = visible_asset(request.user, pk)
    require_role(request.user, *RECORD_ROLES, region=asset.region)
    form = DisposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disposal = services.disposal_request(asset=asset, by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("处置申请已提交，等待乡镇审核。"))
            return redirect("assets:disposal", pk=disposal.pk)
    return render(request, "assets/disposal_form.html", {"form": form, "asset": asset})


@login_required
def disposal_list(request):
    require_reader(request.user)
    rows = Disposal.objects.visible_to(request.user).select_related("asset__region", "requested_by")
    status = request.GET.get("status", "open")
    if status == "open":
        rows = rows.filter(status__in=Disposal.OPEN_STATUSES)
    return render(
        request, "assets/disposal_list.html", {"page_obj": paginate(request, rows), "status": status}
    )


def _visible_disposal(user, pk: int) -> Disposal:
    require_reader(user)
    rows = Disposal.objects.visible_to(user).select_related("asset__region", "asset__project", "requested_by")
    return get_object_or_404(rows, pk=pk)


@login_required
def disposal_detail(request, pk: int):
    disposal = _visible_disposal(request.user, pk)
    actions = services.allowed_actions(disposal, request.user)
    context = {
        "disposal": disposal,
        "steps": disposal.steps.select_related("by"),
        "actions": actions,
        "opinion_form": OpinionForm(),
        "complete_form": DisposalCompleteForm(),
    }
    return render(request, "assets/disposal_detail.html", context)


ACTIONS = {
    "review": (services.disposal_review, gettext_lazy("已审核，报县级审批。")),
    "approve": (services.disposal_approve, gettext_lazy("已批准处置。")),
    "reject": (services.disposal_reject, gettext_lazy("已退回，申请未通过。")),
}


@require_POST
@login_required
def disposal_act(request, pk: int, action: str):
    disposal = _visible_disposal(request.user, pk)
    form: Form
    service: Callable[..., Disposal]
    done: Any
    if action == "complete":
        form = DisposalCompleteForm(request.POST)
        service, done = services.disposal_complete, _("处置已办结，资产移出在用台账。")
    elif action in ACTIONS:
        form = OpinionForm(request.POST)
        service, done = ACTIONS[action]
    else:
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("填写有误：%s") % form.errors.as_text())
    elif run(request, service, disposal=disposal, by=request.user, **form.cleaned_data):
        messages.success(request, done)
    return redirect("assets:disposal", pk=disposal.pk)
