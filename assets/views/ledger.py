"""The three-level ledger (county, township, village), asset pages and the completeness checks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import require_role, user_may
from common.actions import submit
from common.pagination import paginate
from regions.models import Region

from .. import selectors
from ..choices import FundingSource
from ..forms import AssetForm, FundingFormSet, LedgerFilterForm, ProjectForm, fundings_of
from ..models import Asset
from ..services.ledger import asset_create, asset_update, project_create
from ..services.roles import LEDGER_ROLES, RECORD_ROLES
from .base import home_region, require_reader, visible_asset

LEVEL_TITLES = {
    "county": gettext_lazy("县级扶贫项目资产台账"),
    "township": gettext_lazy("乡镇扶贫项目资产台账"),
    "village": gettext_lazy("村级扶贫项目资产台账"),
}


@login_required
def ledger(request):
    require_reader(request.user)
    code = request.GET.get("region")
    region: Region | None
    if code:
        region = get_object_or_404(
            Region.objects.visible_to(request.user), code=code, level__in=selectors.LEVELS
        )
    else:
        region = home_region(request.user)
        if region is None:
            raise Http404
    data = request.GET.copy()
    data.setdefault("status", "active")
    form = LedgerFilterForm(data)
    filters = form.filters()
    level = form.cleaned_data.get("level") if form.is_valid() else ""
    rows = selectors.ledger_queryset(request.user, level, region, filters)
    totals, breakdown = selectors.ledger_summary(rows, region)
    page = paginate(request, rows, count=totals["count"])
    for row in selectors.ledger_page_rows(page):  # the funding columns are already on the row: no query here
        row.funding_list = [  # type: ignore[attr-defined]  # for the template
            (label, amount)
            for s, label in FundingSource.choices
            if (amount := getattr(row, selectors.funding_column(s)))
        ]
    context = {
        "region": region,
        "title": LEVEL_TITLES.get(region.level, LEVEL_TITLES["county"]),
        "form": form,
        "page_obj": page,
        "totals": totals,
        "breakdown": breakdown,
        "may_register": user_may(request.user, *LEDGER_ROLES, region=region),
        # 上一级 only where the user may read the level above (a village cadre's root is its village).
        "parent": (
            Region.objects.visible_to(request.user)
            .filter(pk=region.parent_id, level__in=selectors.LEVELS)
            .first()
            if region.parent_id and region.level != Region.Level.COUNTY
            else None
        ),
    }
    return render(request, "assets/ledger.html", context)


@login_required
def asset_detail(request, pk: int):
    asset = visible_asset(request.user, pk)
    user = request.user
    context = {
        "asset": asset,
        "fundings": asset.fundings.all(),
        "incomes": asset.incomes.all(),
        "plans": asset.distribution_plans.all(),
        "disposals": asset.disposals.all(),
        "fund_requests": asset.fund_requests.all(),
        "reports": asset.maintenance_reports.select_related("reported_by")[:20],
        "evaluations": asset.performance_notes.all(),
        "history": asset.history.select_related("history_user")[:20],
        "beneficiaries": asset.beneficiary_links.select_related("household").order_by("household__number"),
        "may_record": user_may(user, *RECORD_ROLES, region=asset.region),
        "may_edit": user_may(user, *LEDGER_ROLES, region=asset.region),
    }
    return render(request, "assets/asset_detail.html", context)


def _asset_form_page(request, asset=None):
    # The form writes into its instance while validating: give it a copy, so that the service
    # still sees (and checks the role on) the asset as stored.
    copy = Asset.objects.get(pk=asset.pk) if asset else None
    form = AssetForm(request.POST or None, instance=copy, user=request.user)
    initial = [{"source": f.source, "amount": f.amount} for f in asset.fundings.all()] if asset else None
    formset = FundingFormSet(request.POST or None, initial=initial, prefix="funding")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {f: form.cleaned_data.get(f) for f in form.Meta.fields}
        fundings = fundings_of(formset)
        if asset:
            saved = submit(form, asset_update, asset=asset, by=request.user, data=data, fundings=fundings)
        else:
            saved = submit(form, asset_create, by=request.user, data=data, fundings=fundings)
        if saved is not None:
            messages.success(request, _("资产已保存。"))
            return redirect("assets:asset", pk=saved.pk)
    return render(request, "assets/asset_form.html", {"form": form, "formset": formset, "asset": asset})


@login_required
def asset_new(request):
    require_role(request.user, *LEDGER_ROLES)
    return _asset_form_page(request)


@login_required
def asset_edit(request, pk: int):
    asset = visible_asset(request.user, pk)
    require_role(request.user, *LEDGER_ROLES, region=asset.region)
    return _asset_form_page(request, asset)


@login_required
def project_new(request):
    require_role(request.user, *LEDGER_ROLES)
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if submit(form, project_create, by=request.user, **form.cleaned_data):
            messages.success(request, _("项目已登记。"))
            return redirect("assets:asset_new")
    return render(request, "assets/project_form.html", {"form": form})


@login_required
def checks(request):
    """不重不漏: completed projects without assets, and suspected double entries."""
    require_reader(request.user)
    context = {
        "missing": selectors.projects_without_assets(request.user)[:500],
        "duplicates": selectors.suspected_duplicates(request.user)[:500],
    }
    return render(request, "assets/checks.html", context)
