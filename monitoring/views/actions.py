"""POST-only transitions: one view for every case action of the registry, and the batch view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import get_visible_or_404, require_role, user_may
from accounts.types import AuthedRequest
from common.actions import submit
from common.workflow import attempt

from ..actions import ACTIONS, BATCH_ACTIONS
from ..models import Case
from ..services.steps import CASE_WORKFLOW
from .cases import render_detail


@require_POST
@login_required
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One case action. A refusal re-renders the case page with the bound form: what was typed
    stays, the error sits next to its field."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    case = get_visible_or_404(Case.objects.select_related("household", "village"), request.user, pk=pk)
    # Role first, so a user who may not act gets 403 whatever they posted.
    require_role(request.user, *spec.roles(case), region=case.village)
    form = spec.bind(request.POST, request.FILES, case=case)
    if (
        form.is_valid()
        and submit(form, spec.service, case=case, by=request.user, **form.cleaned_data) is not None
    ):
        messages.success(request, spec.done)
        for warning in spec.warnings_of(case):
            messages.warning(request, warning)
        return redirect(case)
    return render_detail(request, pk, bound={spec.name: form})


@require_POST
@login_required
def batch(request: AuthedRequest) -> HttpResponse:
    """Township review or county decision on many cases at once, each through its service in its
    own transaction: one case failing does not undo the others; the result names each failure."""
    action = request.POST.get("action", "")
    if action not in BATCH_ACTIONS:
        raise Http404
    spec = ACTIONS[action]
    service = spec.service
    # Both batch actions have one fixed role (the workflow table), whatever the case.
    if not user_may(request.user, *CASE_WORKFLOW.roles(None, action)):
        raise PermissionDenied
    opinion = request.POST.get("opinion", "").strip() or _("同意")
    # The township's opinion names its office (审核科室): K opinions mean K offices.
    extra = {"office": request.POST.get("office", "")} if action == "review" else {}
    ids = [int(x) for x in request.POST.getlist("cases") if x.isdigit()]
    cases = Case.objects.visible_to(request.user).filter(pk__in=ids).select_related("household", "village")
    done, failed, warned = 0, [], []
    for case in cases:
        refusal = attempt(service, case=case, by=request.user, opinion=opinion, **extra)
        if refusal is None:
            done += 1
            warned += [f"{case.household.head_name}（{w}）" for w in spec.warnings_of(case)]
        else:
            failed.append(f"{case.household.head_name}（{refusal}）")
    if done:
        messages.success(request, _("成功办理 %(n)s 户。") % {"n": done})
    if warned:
        messages.warning(request, _("请注意：") + "；".join(warned))
    if failed:
        messages.error(request, _("未能办理：") + "；".join(failed))
    if not done and not failed:
        messages.warning(request, _("请先勾选要办理的监测对象。"))
    return redirect("monitoring:queue")
