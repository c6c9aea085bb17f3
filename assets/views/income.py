"""Income records, distribution plans, the beneficiary list and the public notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import require_role, user_may
from common.actions import run, submit

from .. import selectors
from ..forms import DecisionForm, IncomeForm, PlanForm, SharesForm
from ..models import DistributionPlan
from ..services.income import (
    distribution_plan_create,
    distribution_plan_decide,
    distribution_plan_publish,
    distribution_shares_set,
    income_record,
)
from ..services.roles import RECORD_ROLES
from .base import post_on_asset, require_reader, visible_asset


@require_POST
@login_required
def income_new(request, pk: int):
    return post_on_asset(
        request, pk, roles=RECORD_ROLES, form_class=IncomeForm, service=income_record,
        invalid=_("收益填写有误：%s"), done=_("收益已登记。"),
    )  # fmt: skip


@login_required
def plan_new(request, pk: int):
    asset = visible_asset(request.user, pk)
    require_role(request.user, *RECORD_ROLES, region=asset.region)
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        plan = submit(form, distribution_plan_create, asset=asset, by=request.user, **form.cleaned_data)
        if plan is not None:
            return redirect("assets:plan", pk=plan.pk)
    return render(request, "assets/plan_form.html", {"form": form, "asset": asset})


def _visible_plan(user, pk: int) -> DistributionPlan:
    require_reader(user)
    plans = DistributionPlan.objects.visible_to(user).select_related("asset__region", "asset__project")
    return get_object_or_404(plans, pk=pk)


@login_required
def plan_detail(request, pk: int):
    plan = _visible_plan(request.user, pk)
    shares = selectors.share_rows(plan)
    may_record = user_may(request.user, *RECORD_ROLES, region=plan.asset.region)
    lines = "\n".join(f"{s.household.number} {s.amount}" for s in shares)
    context = {
        "plan": plan,
        "shares": shares,
        "total": selectors.plan_sum(plan),
        "priority": selectors.distribution_priority(plan),
        "may_edit": may_record and plan.status == DistributionPlan.Status.DRAFT,
        "may_publish": may_record and plan.status == DistributionPlan.Status.DECIDED,
        "shares_form": SharesForm(initial={"lines": lines}, region=plan.asset.region),
        "decision_form": DecisionForm(),
    }
    return render(request, "assets/plan_detail.html", context)


@require_POST
@login_required
def plan_shares(request, pk: int):
    plan = _visible_plan(request.user, pk)
    require_role(request.user, *RECORD_ROLES, region=plan.asset.region)
    form = SharesForm(request.POST, region=plan.asset.region)
    if not form.is_valid():
        for error in form.errors.get("lines", []):
            messages.error(request, str(error))
    elif (
        count := run(
            request, distribution_shares_set, plan=plan, by=request.user, rows=form.cleaned_data["lines"]
        )
    ) is not None:
        messages.success(request, _("已保存 %d 户分配对象。") % count)
    return redirect("assets:plan", pk=plan.pk)


@require_POST
@login_required
def plan_decide(request, pk: int):
    plan = _visible_plan(request.user, pk)
    require_role(request.user, *RECORD_ROLES, region=plan.asset.region)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("民主决策信息填写有误：%s") % form.errors.as_text())
    elif run(request, distribution_plan_decide, plan=plan, by=request.user, **form.cleaned_data):
        messages.success(request, _("民主决策结果已记录。"))
    return redirect("assets:plan", pk=plan.pk)


@require_POST
@login_required
def plan_publish(request, pk: int):
    plan = _visible_plan(request.user, pk)
    require_role(request.user, *RECORD_ROLES, region=plan.asset.region)
    if run(request, distribution_plan_publish, plan=plan, by=request.user):
        messages.success(request, _("分配方案已公示。"))
    return redirect("assets:plan", pk=plan.pk)


@login_required
def plan_notice(request, pk: int):
    """The printable public notice (公告公示): names, village and amounts; never IDs or phones."""
    plan = _visible_plan(request.user, pk)
    context = {"plan": plan, "shares": selectors.share_rows(plan), "total": selectors.plan_sum(plan)}
    return render(request, "assets/plan_notice.html", context)
