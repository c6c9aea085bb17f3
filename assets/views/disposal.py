"""Disposal pages: request, the list of open requests, one request with its review actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import require_role
from accounts.types import AuthedRequest
from common.actions import submit
from common.pagination import paginate

from ..actions import DISPOSAL_ACTIONS
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
        disposal = submit(form, services.disposal_request, asset=asset, by=request.user, **form.cleaned_data)
        if disposal is not None:
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


def render_disposal(request: AuthedRequest, pk: int, *, bound: dict | None = None) -> HttpResponse:
    """The disposal page; ``bound``: {action: form} shown again after a refusal, as typed."""
    disposal = _visible_disposal(request.user, pk)
    bound = bound or {}
    opinion_form = next((f for name, f in bound.items() if name != "complete"), None)
    context = {
        "disposal": disposal,
        "steps": disposal.steps.select_related("by"),
        "actions": services.allowed_actions(disposal, request.user),
        "opinion_form": opinion_form or OpinionForm(),
        "complete_form": bound.get("complete") or DisposalCompleteForm(),
    }
    return render(request, "assets/disposal_detail.html", context)


@login_required
def disposal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return render_disposal(request, pk)


@require_POST
@login_required
def disposal_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    spec = DISPOSAL_ACTIONS.get(action)
    if spec is None:
        raise PermissionDenied
    disposal = _visible_disposal(request.user, pk)
    form = spec.form(request.POST)
    if form.is_valid():
        if submit(form, spec.service, disposal=disposal, by=request.user, **form.cleaned_data) is not None:
            messages.success(request, spec.done)
            return redirect("assets:disposal", pk=disposal.pk)
    return render_disposal(request, pk, bound={spec.name: form})
