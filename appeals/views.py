"""Appeal pages: the scoped list (sorted by days left), register from a case, detail with the
timeline and one form per allowed action."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role, user_may
from accounts.types import AuthedRequest
from common.actions import submit
from common.pagination import paginate
from common.workflow import allowed_actions
from monitoring.models import Case

from . import services
from .actions import APPEAL_ACTIONS
from .filters import AppealFilter
from .forms import AppealFilterForm, RegisterForm
from .models import Appeal


@login_required
def appeal_list(request: AuthedRequest) -> HttpResponse:
    """Open appeals first, soonest deadline first (overdue on top); closed ones after."""
    require_role(request.user, *REGISTER_ROLES)
    appeals = Appeal.objects.visible_to(request.user).select_related("household", "village")
    form = AppealFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        appeals = AppealFilter(request=request).apply(appeals, form.cleaned_data)
    closed_last = SqlCase(
        When(status=Appeal.Status.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    page = paginate(request, appeals.order_by(closed_last, "due_on", "-pk"))
    return render(request, "appeals/list.html", {"page_obj": page, "form": form})


@login_required
def appeal_add(request: AuthedRequest, case_pk: int) -> HttpResponse:
    """登记, reached from the case page (its link comes through ``monitoring.hooks``)."""
    require_role(request.user, Role.VILLAGE)  # another role: 403; another village: 404 below
    case = get_visible_or_404(Case.objects.select_related("household", "village"), request.user, pk=case_pk)
    require_role(request.user, Role.VILLAGE, region=case.village)
    initial = {"received_on": timezone.localdate()}
    form = RegisterForm(request.POST or None, request.FILES or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        appeal = submit(form, services.appeal_register, case=case, by=request.user, **data)
        if appeal is not None:
            messages.success(request, _("已登记申诉，待乡镇复核。"))
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/add.html", {"form": form, "case": case})


def render_appeal(request: AuthedRequest, pk: int, *, bound: dict[str, Any] | None = None) -> HttpResponse:
    appeal = get_visible_or_404(
        Appeal.objects.select_related("household", "village", "case", "decision__by", "created_by"),
        request.user,
        pk=pk,
    )
    bound = bound or {}
    # The allowed actions, and a refused one kept on the page so its message and input show.
    names = list(dict.fromkeys([*allowed_actions(appeal, request.user), *bound]))
    initial = {"informed_on": timezone.localdate()}
    actions = [
        {"spec": APPEAL_ACTIONS[name], "form": bound.get(name) or APPEAL_ACTIONS[name].form(initial=initial)}
        for name in names
    ]
    # After an overturned rejection the village nominates again: the five steps decide.
    renominate = (
        appeal.outcome == Appeal.Outcome.OVERTURNED
        and appeal.kind == Appeal.Kind.REJECTION
        and user_may(request.user, Role.VILLAGE, region=appeal.village)
        and not Case.objects.filter(household_id=appeal.household_id).open().exists()
    )
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "actions": actions,
            "steps": appeal.steps.select_related("by"),
            "attachments": appeal.attachments.all(),
            "renominate": renominate,
        },
    )


@login_required
def appeal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    return render_appeal(request, pk)


@require_POST
@login_required
def appeal_transition(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    spec = APPEAL_ACTIONS.get(verb)
    if spec is None:
        raise Http404
    appeal = get_visible_or_404(Appeal.objects.select_related("household", "village"), request.user, pk=pk)
    form = spec.form(request.POST, request.FILES)
    if form.is_valid():
        if submit(form, spec.service, appeal=appeal, by=request.user, **spec.arguments(form.cleaned_data)):
            messages.success(request, _("申诉状态已更新为“%s”。") % appeal.get_status_display())
            return redirect("appeals:detail", pk=pk)
    return render_appeal(request, pk, bound={verb: form})
