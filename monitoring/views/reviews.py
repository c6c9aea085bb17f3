"""Quarterly risk review pages: the rounds in scope, one round with its per-case entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import get_visible_or_404, require_role, user_may
from accounts.types import AuthedRequest
from common.actions import run
from common.pagination import paginate

from ..forms import ReviewCompleteForm, ReviewEntryForm
from ..reviews import ReviewEntry, ReviewRound, quarter_of
from ..selectors import review_completion
from ..services.reviews import review_complete, review_record_entry

WORK_ROLES = (Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY)


@login_required
def rounds(request: AuthedRequest) -> HttpResponse:
    if not user_may(request.user, *WORK_ROLES):
        raise PermissionDenied
    qs = (
        ReviewRound.objects.visible_to(request.user)
        .select_related("village")
        .order_by("-year", "-quarter", "village__code")
    )
    quarter = quarter_of(timezone.localdate())
    return render(
        request,
        "monitoring/reviews.html",
        {
            "page_obj": paginate(request, qs),
            "completion": review_completion(request.user, quarter),
            "quarter": quarter,
        },
    )


@login_required
def round_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    rnd = get_visible_or_404(ReviewRound.objects.select_related("village"), request.user, pk=pk)
    entries = (
        rnd.entries.select_related("case__household")
        .prefetch_related("case__risks")
        .order_by("case__household__number")
    )
    may_edit = rnd.status == ReviewRound.Status.OPEN and user_may(
        request.user, Role.VILLAGE, region=rnd.village
    )
    return render(
        request,
        "monitoring/review.html",
        {
            "round": rnd,
            "entries": entries,
            "may_edit": may_edit,
            "entry_form": ReviewEntryForm(),
            "complete_form": ReviewCompleteForm(initial={"held_on": timezone.localdate()}),
        },
    )


@require_POST
@login_required
def record_entry(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = get_visible_or_404(ReviewEntry.objects.select_related("round__village"), request.user, pk=pk)
    require_role(request.user, Role.VILLAGE, region=entry.round.village)
    form = ReviewEntryForm(request.POST)
    if form.is_valid():
        if run(request, review_record_entry, entry=entry, by=request.user, **form.cleaned_data):
            messages.success(request, _("研判记录已保存。"))
    else:
        messages.error(request, _("请选择风险状态。"))
    return redirect(entry.round)


@require_POST
@login_required
def complete(request: AuthedRequest, pk: int) -> HttpResponse:
    rnd = get_visible_or_404(ReviewRound.objects.select_related("village"), request.user, pk=pk)
    require_role(request.user, Role.VILLAGE, region=rnd.village)
    form = ReviewCompleteForm(request.POST)
    if form.is_valid():
        if run(request, review_complete, round=rnd, by=request.user, **form.cleaned_data):
            messages.success(request, _("本季度风险专题研判已完成。"))
    else:
        messages.error(request, _("请填写研判日期和参加人员。"))
    return redirect(rnd)
