"""疑似重复 pages: the scoped list (filters, 重新查找), a pair side by side with its two actions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role, user_may
from common.actions import run, submit
from common.masking import Masker
from common.pagination import paginate
from regions.models import Region

from .. import services
from ..filters import DuplicateFilter
from ..forms import DuplicateFilterForm, DuplicateMergeForm, DuplicateNotSameForm
from ..models import DuplicateCandidate, Household, Member
from ..services.duplicates import may_resolve, resolver_role

C = DuplicateCandidate


def _launch_counties(user) -> list[Region]:
    """The counties a township or county user may search again (重新查找)."""
    if not user_may(user, Role.TOWNSHIP, Role.COUNTY):
        return []
    codes = {
        code
        for root in user.scope_roots((Role.TOWNSHIP, Role.COUNTY))
        for code in root.path.strip("/").split("/")
    }
    return list(Region.objects.filter(level=Region.Level.COUNTY, code__in=codes).order_by("code"))


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    data = request.GET.copy()
    data.setdefault("status", C.Status.OPEN)
    form = DuplicateFilterForm(data, user=request.user)
    candidates = C.objects.visible_to(request.user)
    if form.is_valid():
        candidates = DuplicateFilter(request=request).apply(candidates, form.cleaned_data)
    rows = candidates.select_related(
        "region", "member_a", "member_b", "household_a__village", "household_b__village"
    ).order_by("-score", "-found_at", "-id")
    page = paginate(request, rows)
    return render(
        request,
        "households/duplicate_list.html",
        {"form": form, "page_obj": page, "counties": _launch_counties(request.user)},
    )


@require_POST
@login_required
def duplicate_find(request: HttpRequest) -> HttpResponse:
    county = next(
        (c for c in _launch_counties(request.user) if str(c.pk) == request.POST.get("county")), None
    )
    if county is None:
        raise PermissionDenied
    job = run(request, services.duplicates_find_launch, county=county, by=request.user)
    if job is not None:
        messages.success(request, _("已开始查找疑似重复，完成后会通知您。"))
        return redirect("common:job", pk=job.pk)
    return redirect("households:duplicates")


def _side(masker: Masker, member: Member | None, household: Household) -> dict[str, Any]:
    side: dict[str, Any] = {"household": household, "phone": masker.phone(household.phone)}
    if member is not None:
        side.update(
            member=member,
            shown_id=masker.id(member.id_number),
            shown_birth=masker.birth_text(member.birth_date),
        )
    return side


def _render(request: HttpRequest, pk: int, *, bound: dict[str, Any] | None = None) -> HttpResponse:
    candidate = get_visible_or_404(
        C.objects.select_related(
            "region", "member_a", "member_b", "household_a__village", "household_b__village", "resolved_by"
        ),
        request.user,
        pk=pk,
    )
    masker = Masker(request.user)
    bound = bound or {}
    can_resolve = may_resolve(request.user, candidate)  # type: ignore[arg-type]  # login_required
    return render(
        request,
        "households/duplicate_detail.html",
        {
            "candidate": candidate,
            "sides": [
                ("a", _("甲"), _side(masker, candidate.member_a, candidate.household_a)),
                ("b", _("乙"), _side(masker, candidate.member_b, candidate.household_b)),
            ],
            "can_resolve": can_resolve,
            "resolver": Role(resolver_role(candidate)).label,
            "merge_form": bound.get("merge") or DuplicateMergeForm(),
            "not_same_form": bound.get("not_same") or DuplicateNotSameForm(),
            "history": candidate.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


@login_required
def duplicate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    return _render(request, pk)


FORMS = {"merge": DuplicateMergeForm, "not_same": DuplicateNotSameForm}


@require_POST
@login_required
def duplicate_resolve(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    form_class = FORMS.get(action)
    if form_class is None:
        raise Http404
    candidate = get_visible_or_404(C.objects.select_related("region"), request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        values = form.cleaned_data
        if action == "merge":
            done = submit(
                form,
                services.duplicate_merge,
                candidate=candidate,
                by=request.user,
                keep=values["keep"],
                note=values["note"],
            )
        else:
            done = submit(
                form, services.duplicate_not_same, candidate=candidate, by=request.user, note=values["note"]
            )
        if done is not None:
            messages.success(request, _("已处理：%s。") % done.get_status_display())
            return redirect("households:duplicate", pk=pk)
    return _render(request, pk, bound={action: form})
