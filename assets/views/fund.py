"""运维基金 pages: the county's fund (balance, money in, requests), a request level by level."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import require_role, user_may
from accounts.types import AuthedRequest
from common.actions import submit
from common.pagination import paginate
from regions.models import Region

from ..actions import FUND_ACTIONS
from ..forms import FundContributionForm, FundRequestForm, FundSpendingForm
from ..models import FundContribution, FundRequest
from ..services import fund as services
from ..services.roles import RECORD_ROLES
from .base import home_region, require_reader, visible_asset


def _county(request: AuthedRequest) -> Region:
    """The fund shown: ``?county=`` among the counties the user reads, else the user's own."""
    code = request.GET.get("county") or request.POST.get("county")
    if code:
        return get_object_or_404(
            Region.objects.visible_to(request.user).filter(level=Region.Level.COUNTY), code=code
        )
    root = home_region(request.user)
    if root is None:
        raise Http404
    return services.county_of(root)


def render_fund(request: AuthedRequest, *, form: FundContributionForm | None = None) -> HttpResponse:
    require_reader(request.user)
    county = _county(request)
    status = request.GET.get("status", "open")
    requests = (
        FundRequest.objects.visible_to(request.user)
        .filter(county=county)
        .select_related("asset__region", "requested_by")
    )
    if status == "open":
        requests = requests.filter(status__in=FundRequest.OPEN_STATUSES)
    may_contribute = user_may(request.user, Role.COUNTY, region=county)
    context = {
        "county": county,
        "balance": services.fund_balance(county),
        "status": status,
        "page_obj": paginate(request, requests),
        "contributions": FundContribution.objects.visible_to(request.user)
        .filter(county=county)
        .select_related("recorded_by")[:20],
        "may_contribute": may_contribute,
        "form": form or (FundContributionForm() if may_contribute else None),
    }
    return render(request, "assets/fund.html", context)


@login_required
def fund_overview(request: AuthedRequest) -> HttpResponse:
    return render_fund(request)


@require_POST
@login_required
def fund_contribute(request: AuthedRequest) -> HttpResponse:
    county = _county(request)
    require_role(request.user, Role.COUNTY, region=county)
    form = FundContributionForm(request.POST)
    if form.is_valid():
        if submit(
            form, services.fund_contribution_record, county=county, by=request.user, **form.cleaned_data
        ):
            messages.success(request, _("已登记运维基金筹集。"))
            return redirect(f"{reverse('assets:fund')}?county={county.code}")
    return render_fund(request, form=form)


@login_required
def fund_request_new(request: AuthedRequest, pk: int) -> HttpResponse:
    asset = visible_asset(request.user, pk)
    require_role(request.user, *RECORD_ROLES, region=asset.region)
    form = FundRequestForm(request.POST or None, asset=asset)
    if request.method == "POST" and form.is_valid():
        made = submit(form, services.fund_request_submit, asset=asset, by=request.user, **form.cleaned_data)
        if made is not None:
            messages.success(request, _("运维基金申请已提交，等待审核。"))
            return redirect("assets:fund_request", pk=made.pk)
    return render(request, "assets/fund_request_form.html", {"form": form, "asset": asset})


def _visible_request(request: AuthedRequest, pk: int) -> FundRequest:
    require_reader(request.user)
    rows = FundRequest.objects.visible_to(request.user).select_related(
        "asset__region", "asset__project", "requested_by", "damage_report"
    )
    return get_object_or_404(rows, pk=pk)


def render_request(request: AuthedRequest, pk: int, *, bound: dict | None = None) -> HttpResponse:
    """The request page; ``bound``: {action: form} shown again after a refusal, as typed."""
    fund_request = _visible_request(request, pk)
    bound = bound or {}
    actions = services.allowed_actions(fund_request, request.user)
    may_spend = fund_request.status == FundRequest.Status.APPROVED and user_may(
        request.user, Role.TOWNSHIP, Role.COUNTY, region=fund_request.asset.region
    )
    spendings = list(fund_request.spendings.select_related("by"))
    forms_shown = {name: bound.get(name) or FUND_ACTIONS[name].form() for name in actions}
    if "approve" in forms_shown and "approve" not in bound:
        forms_shown["approve"] = FUND_ACTIONS["approve"].form(
            initial={"amount_approved": fund_request.amount_requested}
        )
    context = {
        "fund_request": fund_request,
        "steps": fund_request.steps.select_related("by"),
        "spendings": spendings,
        "spent": sum(s.amount for s in spendings),  # the rows shown: one query for both
        "actions": actions,
        "action_forms": [(name, forms_shown[name]) for name in actions],
        "may_spend": may_spend,
        "spending_form": bound.get("spend") or (FundSpendingForm() if may_spend else None),
        "balance": services.fund_balance(fund_request.county),
    }
    return render(request, "assets/fund_request.html", context)


@login_required
def fund_request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return render_request(request, pk)


@require_POST
@login_required
def fund_request_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    fund_request = _visible_request(request, pk)
    spec = FUND_ACTIONS.get(action)
    if spec is None:  # no such page
        raise Http404
    form = spec.form(request.POST)
    if form.is_valid():
        if (
            submit(form, spec.service, fund_request=fund_request, by=request.user, **form.cleaned_data)
            is not None
        ):
            messages.success(request, spec.done)
            return redirect("assets:fund_request", pk=fund_request.pk)
    return render_request(request, pk, bound={spec.name: form})


@require_POST
@login_required
def fund_spend(request: AuthedRequest, pk: int) -> HttpResponse:
    fund_request = _visible_request(request, pk)
    require_role(request.user, Role.TOWNSHIP, Role.COUNTY, region=fund_request.asset.region)
    form = FundSpendingForm(request.POST)
    if form.is_valid():
        if submit(
            form,
            services.fund_spending_record,
            fund_request=fund_request,
            by=request.user,
            **form.cleaned_data,
        ):
            messages.success(request, _("已登记支出。"))
            return redirect("assets:fund_request", pk=fund_request.pk)
    return render_request(request, pk, bound={"spend": form})
