"""住房安全问题台账 pages: the scoped list with filters, open by hand, detail with timeline and actions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role
from common.actions import submit
from common.pagination import paginate
from common.workflow import allowed_actions

from .. import services
from ..actions import HOUSING_ACTIONS
from ..filters import HousingProblemFilter
from ..housing_forms import HousingFilterForm, HousingOpenForm
from ..models import HousingProblem
from .measures import history_rows


@login_required
def housing_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    problems = HousingProblem.objects.visible_to(request.user).select_related("household__village")
    form = HousingFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        problems = HousingProblemFilter(request=request).apply(problems, form.cleaned_data)
    page = paginate(request, problems.order_by("-found_on", "-id"))
    return render(request, "assistance/housing_list.html", {"page_obj": page, "form": form})


@login_required
def housing_add(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.VILLAGE)
    initial = {"found_on": timezone.localdate(), "household": request.GET.get("household", "")}
    form = HousingOpenForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        problem = submit(form, services.housing_problem_open, by=request.user, **form.cleaned_data)
        if problem is not None:
            messages.success(request, _("已登记住房安全问题。"))
            return redirect("assistance:housing", pk=problem.pk)
    return render(request, "assistance/housing_form.html", {"form": form})


def render_problem(request: HttpRequest, pk: int, *, bound: dict[str, Any] | None = None) -> HttpResponse:
    problem = get_visible_or_404(
        HousingProblem.objects.select_related("household__village", "created_by", "visit"),
        request.user,
        pk=pk,
    )
    bound = bound or {}
    # The allowed actions, and a refused one kept on the page so its message and input show.
    names = list(dict.fromkeys([*allowed_actions(problem, request.user), *bound]))
    actions = [
        {"spec": HOUSING_ACTIONS[name], "form": bound.get(name) or HOUSING_ACTIONS[name].form()}
        for name in names
    ]
    records = problem.history.select_related("history_user").order_by("-history_date", "-history_id")
    return render(
        request,
        "assistance/housing_detail.html",
        {
            "problem": problem,
            "actions": actions,
            "history": history_rows(records),
            "photos": problem.photos.all(),
        },
    )


@login_required
def housing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_problem(request, pk)


@require_POST
@login_required
def housing_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    spec = HOUSING_ACTIONS.get(verb)
    if spec is None:
        raise Http404
    problem = get_visible_or_404(
        HousingProblem.objects.select_related("household__village"), request.user, pk=pk
    )
    form = spec.form(request.POST, request.FILES)
    if form.is_valid():
        if submit(form, spec.service, problem=problem, by=request.user, **spec.arguments(form.cleaned_data)):
            messages.success(request, _("住房安全问题状态已更新为“%s”。") % problem.get_status_display())
            return redirect("assistance:housing", pk=pk)
    return render_problem(request, pk, bound={verb: form})
