"""安置点 pages: the register with figures, a site's page (households, measures, employment), the
site dashboard with its chart, and the forms of the township and county."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role, user_may
from common.actions import run, submit

from . import services
from .forms import LinkForm, SiteFilterForm, SiteForm
from .models import Relocation, Site
from .selectors import FIGURES, chart_data, site_figures, site_measures, site_rows


def _sites(request: HttpRequest):
    sites = Site.objects.visible_to(request.user)
    form = SiteFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["kind"]:
        sites = sites.filter(kind=form.cleaned_data["kind"])
    return form, sites.order_by("region__code", "name")


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    form, sites = _sites(request)
    rows = site_rows(sites, Relocation.objects.visible_to(request.user), timezone.localdate())
    can_edit = user_may(request.user, *services.SITE_ROLES)
    return render(request, "relocation/site_list.html", {"rows": rows, "form": form, "can_edit": can_edit})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    form, sites = _sites(request)
    rows = site_rows(sites, Relocation.objects.visible_to(request.user), timezone.localdate())
    totals = {name: sum(r[name] for r in rows) for name in FIGURES}
    return render(
        request,
        "relocation/dashboard.html",
        {"rows": rows, "totals": totals, "form": form, "chart": chart_data(rows)},
    )


@login_required
def site_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_role(request.user, *services.SITE_ROLES)
    site = get_visible_or_404(Site.objects.select_related("region"), request.user, pk=pk) if pk else None
    initial = {}
    if site is not None:
        initial = {
            "name": site.name, "region": site.region.code, "kind": site.kind,
            "planned_households": site.planned_households, "planned_people": site.planned_people,
            "completion_year": site.completion_year, "note": site.note,
        }  # fmt: skip
    form = SiteForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        if site is None:
            saved = submit(form, services.site_create, by=request.user, **form.cleaned_data)
        else:
            saved = submit(form, services.site_update, site=site, by=request.user, **form.cleaned_data)
        if saved is not None:
            messages.success(request, _("已保存安置点。"))
            return redirect("relocation:site", pk=saved.pk)
    return render(request, "relocation/site_form.html", {"form": form, "site": site})


def render_site(request: HttpRequest, pk: int, *, link_form: LinkForm | None = None) -> HttpResponse:
    site = get_visible_or_404(Site.objects.select_related("region"), request.user, pk=pk)
    relocations = Relocation.objects.visible_to(request.user)
    figures = site_figures([site.pk], relocations, timezone.localdate())[site.pk]
    measures, by_category = site_measures(site, relocations)
    households = (
        relocations.filter(site=site).select_related("household__village").order_by("household__number")
    )
    return render(
        request,
        "relocation/site_detail.html",
        {
            "site": site,
            "figures": figures,
            "households": households,
            "measures": measures[:50],
            "measure_count": len(measures),
            "by_category": by_category,
            "link_form": link_form or LinkForm(user=request.user),
            "can_link": user_may(request.user, *services.LINK_ROLES),
            "can_edit": user_may(request.user, *services.SITE_ROLES, region=site.region),
        },
    )


@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    return render_site(request, pk)


@require_POST
@login_required
def site_link(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *services.LINK_ROLES)
    site = get_visible_or_404(Site.objects.select_related("region"), request.user, pk=pk)
    form = LinkForm(request.POST, user=request.user)
    if form.is_valid():
        if submit(form, services.relocation_link, site=site, by=request.user, **form.cleaned_data):
            messages.success(request, _("已关联安置点。"))
            return redirect("relocation:site", pk=pk)
    return render_site(request, pk, link_form=form)


@require_POST
@login_required
def link_from_flags(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *services.SITE_ROLES)
    linked = run(request, services.relocations_from_flags_for, by=request.user)
    if linked is not None:
        messages.success(request, _("按农户属性中的安置点名称关联了 %(n)d 户。") % {"n": linked})
    return redirect("relocation:site_list")
