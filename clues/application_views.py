"""Pages of 农户自主申报: the cadre's form, pending applications, the QR poster, the public page."""

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role
from common.actions import submit
from common.clientip import client_ip
from common.masking import Masker
from regions.models import Region

from .actions import APPLICATION_ACTIONS
from .applications import APPLICATION_WORKFLOW, application_record, application_submit, intake_for
from .forms import AcceptForm, ApplicationRecordForm, DismissForm, PublicApplicationForm
from .models import Application, VillageIntake


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    """A village cadre records an application with the applicant (household from their scope)."""
    require_role(request.user, Role.VILLAGE)
    form = ApplicationRecordForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "GET":
        form.initial["found_on"] = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = submit(
            form,
            application_record,
            household=data["household"],
            by=request.user,
            risk_types=data["risk_types"],
            description=data["description"],
            found_on=data["found_on"],
            photo=data["photo"],
        )
        if created is not None:
            messages.success(request, _("已登记农户申报，已生成预警线索。"))
            return redirect("clues:list")
    return render(request, "clues/application_new.html", {"form": form})


def render_application(request: HttpRequest, pk: int, *, bound: dict | None = None) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    application = get_visible_or_404(
        Application.objects.select_related("village", "household"), request.user, pk=pk
    )
    bound = bound or {}
    context = {
        "application": application,
        "actions": APPLICATION_WORKFLOW.allowed_actions(application, request.user),
        "accept_form": bound.get("accept") or AcceptForm(application=application, user=request.user),
        "dismiss_form": bound.get("dismiss") or DismissForm(),
        "clues": application.clues.all(),
        "shown_phone": Masker(request.user).phone(application.phone),
    }
    return render(request, "clues/application_detail.html", context)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_application(request, pk)


@login_required
@require_POST
def application_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = APPLICATION_ACTIONS.get(action)
    if spec is None:
        raise Http404
    require_role(request.user, *REGISTER_ROLES)
    application = get_visible_or_404(Application.objects.select_related("village"), request.user, pk=pk)
    form: forms.Form
    if spec.form is AcceptForm:
        form = AcceptForm(request.POST, application=application, user=request.user)
    else:
        assert spec.form is not None, "every application action takes a form"
        form = spec.form(request.POST)
    if (
        form.is_valid()
        and submit(form, spec.service, application=application, by=request.user, **form.cleaned_data)
        is not None
    ):
        messages.success(request, spec.done)
        return redirect("clues:application", pk=application.pk)
    return render_application(request, pk, bound={spec.name: form})


@login_required
def intake_poster(request: HttpRequest, village_pk: int) -> HttpResponse:
    """The printable poster: the village's QR code (SVG made here, no outside service)."""
    require_role(request.user, Role.VILLAGE)
    village = get_visible_or_404(
        Region.objects.filter(level=Region.Level.VILLAGE), request.user, pk=village_pk
    )
    intake = intake_for(village=village, by=request.user)  # type: ignore[arg-type]  # login_required
    url = request.build_absolute_uri(reverse("clues:apply", args=[intake.token]))
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=8, border=2, title="农户申报二维码")
    return render(request, "clues/intake_poster.html", {"village": village, "url": url, "qr": mark_safe(svg)})


def _rate_limited(request: HttpRequest) -> bool:
    """Counts this address's submissions in the window; True past the limit (no write then)."""
    limit, window = settings.PUBLIC_APPLICATION_RATE
    key = f"clues:apply:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


@never_cache
def public_apply(request: HttpRequest, token: str) -> HttpResponse:
    """The public page behind the QR code: no login; it shows the village's name and a form, and a
    submission only creates a pending application. Nothing from the register is ever shown."""
    intake = get_object_or_404(VillageIntake.objects.select_related("village"), token=token)
    form = PublicApplicationForm(request.POST or None)
    context = {"village": intake.village, "form": form}
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "clues/public_apply.html", {**context, "limited": True}, status=429)
        if (
            form.is_valid()
            and submit(form, application_submit, intake=intake, **form.cleaned_data) is not None
        ):
            return render(request, "clues/public_apply.html", {**context, "done": True})
    return render(request, "clues/public_apply.html", context)
