"""Area-alert pages: the list (active by default), the alert with its households, acknowledgement,
follow-up notes and closing. Every register role reads the alerts of its scope (a village cadre
those of the village, read-only); township and county users act (the workflow checks again)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role, user_may
from common.actions import submit
from common.pagination import paginate
from common.workflow import allowed_actions

from .alert_actions import ALERT_ACTIONS
from .alert_filters import AreaAlertFilter
from .alert_forms import AlertFilterForm, NoteForm
from .models import AreaAlert
from .services.alerts import APPROVERS, alert_note_add


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    alerts = AreaAlert.objects.visible_to(request.user).select_related("region", "region__parent")
    form = AlertFilterForm(request.GET or None, user=request.user)
    values: dict[str, Any] = {"active": True}
    if form.is_valid():
        values = form.filter_values()
    alerts = AreaAlertFilter(request=request).apply(alerts, values)
    page = paginate(request, alerts.order_by("-opened_at", "-pk"))
    return render(request, "grading/alert_list.html", {"page_obj": page, "form": form})


def _render(request: HttpRequest, pk: int, *, bound: dict[str, Any] | None = None) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    alert = get_visible_or_404(
        AreaAlert.objects.select_related("region__parent", "acknowledged_by", "closed_by"),
        request.user,
        pk=pk,
    )
    bound = bound or {}
    names = list(dict.fromkeys([*allowed_actions(alert, request.user), *(k for k in bound if k != "note")]))
    actions = [
        {"spec": ALERT_ACTIONS[name], "form": bound.get(name) or ALERT_ACTIONS[name].form()} for name in names
    ]
    may_note = alert.status != AreaAlert.Status.CLOSED and user_may(
        request.user, *APPROVERS, region=alert.region
    )
    households = paginate(
        request,
        alert.rows.select_related("household", "household__village", "household__grade").order_by(
            "household__village__code", "household__number", "pk"
        ),
        50,
    )
    history = alert.history.select_related("history_user").order_by("-history_date", "-history_id")
    return render(
        request,
        "grading/alert_detail.html",
        {
            "alert": alert,
            "actions": actions,
            "note_form": (bound.get("note") or NoteForm()) if may_note else None,
            "notes": alert.notes.select_related("created_by"),
            "page_obj": households,
            "history": history,
        },
    )


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, pk)


@require_POST
@login_required
def alert_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    require_role(request.user, *APPROVERS)
    spec = ALERT_ACTIONS.get(verb)
    if spec is None:
        raise Http404
    alert = get_visible_or_404(AreaAlert.objects.select_related("region"), request.user, pk=pk)
    form = spec.form(request.POST)
    if form.is_valid() and submit(form, spec.service, alert=alert, by=request.user, **form.cleaned_data):
        messages.success(request, _("区域预警状态已更新为“%s”。") % alert.get_status_display())
        return redirect("grading:alert", pk=pk)
    return _render(request, pk, bound={verb: form})


@require_POST
@login_required
def alert_note(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *APPROVERS)
    alert = get_visible_or_404(AreaAlert.objects.select_related("region"), request.user, pk=pk)
    form = NoteForm(request.POST)
    note = (
        submit(form, alert_note_add, alert=alert, by=request.user, **form.cleaned_data)
        if form.is_valid()
        else None
    )
    if note is not None:
        messages.success(request, _("已添加跟进记录。"))
        return redirect("grading:alert", pk=pk)
    return _render(request, pk, bound={"note": form})
