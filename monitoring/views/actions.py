"""POST-only transitions: one view per action, each calling its service, and the batch view."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import get_visible_or_404, require_role, user_may
from accounts.types import AuthedRequest
from common.errors import ServiceError

from .. import forms, services
from ..models import Case
from ..services.steps import STEP_ROLES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Action:
    form: type[django_forms.Form]
    run: Callable  # (case, user, cleaned_data, files) -> None
    done: "StrOrPromise"
    prefix: str | None = None
    role: str | None = None  # None: the role that owns the case's current step


ACTIONS = {
    "resubmit": Action(forms.ResubmitForm, lambda c, u, d: services.case_resubmit(case=c, by=u, **d), _("已重新提交。")),
    "verify": Action(
        forms.VerifyForm, lambda c, u, d: services.case_verify(case=c, by=u, **d), _("入户核实已记录。")
    ),
    "deliberate": Action(
        forms.DeliberateForm, lambda c, u, d: services.case_deliberate(case=c, by=u, **d), _("村级评议已记录，开始公示。")
    ),
    "objection": Action(
        forms.ObjectionForm, lambda c, u, d: services.case_record_objection(case=c, by=u, **d), _("异议已登记。"),
        role=Role.VILLAGE,
    ),
    "township": Action(
        forms.TownshipReviewForm, lambda c, u, d: services.case_township_review(case=c, by=u, **d), _("审核意见已记录。")
    ),
    "decide": Action(forms.DecideForm, lambda c, u, d: services.case_decide(case=c, by=u, **d), _("县级审定已完成。")),
    "reject": Action(
        forms.ReasonForm, lambda c, u, d: services.case_reject(case=c, by=u, **d), _("已作不予通过处理。"), prefix="reject"
    ),
    "return": Action(
        forms.ReasonForm, lambda c, u, d: services.case_return(case=c, by=u, **d), _("已退回上一步。"), prefix="return"
    ),
    "exit": Action(
        forms.ExitForm, lambda c, u, d: services.case_nominate_exit(case=c, by=u, **d), _("已提名风险消除。"),
        role=Role.VILLAGE,
    ),
    "rollback": Action(
        forms.ReasonForm, lambda c, u, d: services.case_rollback(case=c, by=u, **d), _("已回退为监测中。"),
        prefix="rollback", role=Role.COUNTY,
    ),
}  # fmt: skip


@require_POST
@login_required
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    case = get_visible_or_404(Case.objects.select_related("household", "village"), request.user, pk=pk)
    # Role first, so a user who may not act gets 403 whatever they posted.
    role = spec.role or STEP_ROLES.get(case.step) or Role.VILLAGE
    require_role(request.user, role, region=case.village)
    form = spec.form(request.POST, request.FILES, prefix=spec.prefix)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect(case)
    try:
        spec.run(case, request.user, form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, spec.done)
    return redirect(case)


BATCH = {
    "township": (
        Role.TOWNSHIP,
        lambda c, u, opinion: services.case_township_review(case=c, by=u, opinion=opinion),
    ),
    "decide": (Role.COUNTY, lambda c, u, opinion: services.case_decide(case=c, by=u, opinion=opinion)),
}


@require_POST
@login_required
def batch(request: AuthedRequest) -> HttpResponse:
    """Township review or county decision on many cases at once, each through its service in its
    own transaction: one case failing does not undo the others; the result names each failure."""
    action = request.POST.get("action", "")
    if action not in BATCH:
        raise Http404
    role, run = BATCH[action]
    if not user_may(request.user, role):
        raise PermissionDenied
    opinion = request.POST.get("opinion", "").strip() or gettext_now("同意")
    ids = [int(x) for x in request.POST.getlist("cases") if x.isdigit()]
    cases = Case.objects.visible_to(request.user).filter(pk__in=ids).select_related("household", "village")
    done, failed = 0, []
    for case in cases:
        try:
            run(case, request.user, opinion)
        except (ServiceError, PermissionDenied) as exc:
            failed.append(f"{case.household.head_name}（{getattr(exc, 'message', gettext_now('无权办理'))}）")
        else:
            done += 1
    if done:
        messages.success(request, gettext_now("成功办理 %(n)s 户。") % {"n": done})
    if failed:
        messages.error(request, gettext_now("未能办理：") + "；".join(failed))
    if not done and not failed:
        messages.warning(request, gettext_now("请先勾选要办理的监测对象。"))
    return redirect("monitoring:queue")
