from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, require_role, user_may
from accounts.types import AuthedRequest
from common.actions import submit
from common.downloads import mark_download

from .dashboard import dashboard_context
from .export import completion_workbook
from .forms import ActualForm
from .home import home_work
from .models import Actual, Plan
from .selectors import plan_region, progress_rows, region_choices
from .services import actual_record, metrics_recompute


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The start page is the user's work: a cadre's cases, visits, clues and review rounds; an
    approver's queue with its counts. Users without a work role (viewers) see the dashboard here;
    for everyone else it is one tap away (``dashboard``)."""
    work = home_work(request.user)
    context = {"assignments": request.user.assignments, "work": work}
    if work is None:
        context.update(dashboard_context(request))
    return render(request, "home.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """统计看板 of the user's scope (``?region=`` narrows it)."""
    context = dashboard_context(request)
    if not context:
        raise PermissionDenied
    return render(request, "dashboard.html", context)


def _plan(request, key: str) -> Plan:
    require_role(request.user, *REGISTER_ROLES)
    return get_object_or_404(Plan.objects.visible_to(request.user).select_related("region"), key=key)


@login_required
def plan_list(request):
    require_role(request.user, *REGISTER_ROLES)
    plans = Plan.objects.visible_to(request.user).select_related("region")
    may_recompute = user_may(request.user, Role.COUNTY)
    return render(request, "indicators/plan_list.html", {"plans": plans, "may_recompute": may_recompute})


@login_required
def plan_detail(request, key: str):
    plan = _plan(request, key)
    region = plan_region(plan, request.user, request.GET.get("region"))
    rows = progress_rows(plan, region)
    return render(
        request,
        "indicators/plan_detail.html",
        {
            "plan": plan,
            "region": region,
            "regions": region_choices(plan, request.user),
            "rows": rows,
            "charts": {row.indicator.order: row.chart for row in rows if row.chart},
            "may_enter": user_may(request.user, Role.COUNTY, region=region),
        },
    )


@login_required
def plan_export(request, key: str):
    plan = _plan(request, key)
    region = plan_region(plan, request.user, request.GET.get("region"))
    content = completion_workbook(plan, region, progress_rows(plan, region))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="indicators-{plan.key}-{region.code}.xlsx"'
    return mark_download(request, response)


@login_required
def actual_entry(request, key: str, order: int):
    plan = _plan(request, key)
    indicator = get_object_or_404(plan.indicators, order=order)
    region = plan_region(plan, request.user, request.GET.get("region"))
    require_role(request.user, Role.COUNTY, region=region)
    form = ActualForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if submit(
            form, actual_record, indicator=indicator, region=region, by=request.user, **form.cleaned_data
        ):
            messages.success(request, _("已保存实际值。"))
            return redirect(reverse("indicators:plan", args=[plan.key]) + f"?region={region.code}")
    history = (
        Actual.history.filter(indicator_id=indicator.pk, region_id=region.pk)
        .select_related("history_user")
        .order_by("-history_date")[:50]
    )
    return render(
        request,
        "indicators/actual_form.html",
        {"plan": plan, "indicator": indicator, "region": region, "form": form, "history": history},
    )


@require_POST
@login_required
def recompute(request):
    """Recompute the register metrics and the dashboard snapshot now (county users)."""
    require_role(request.user, Role.COUNTY)
    metrics_recompute(by=request.user)
    messages.success(request, _("已重新计算系统指标和统计快照（后台运行时请稍后刷新）。"))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("indicators:index")
    return redirect(target)
