from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import get_visible_or_404, require_role
from accounts.types import AuthedRequest
from regions.models import Region

from .actions import submit
from .forms import PolicyForm
from .models import PolicySetting
from .policies import POLICIES, policy_value
from .services import policy_set


@login_required
def policy_index(request: AuthedRequest) -> HttpResponse:
    """The county of the user's scope (the first one, for users holding several)."""
    require_role(request.user, Role.COUNTY, Role.VIEWER)
    region = Region.objects.visible_to(request.user).filter(level=Region.Level.COUNTY).first()
    if region is None:
        region = Region.objects.visible_to(request.user).order_by("depth").first()
    if region is None:
        raise Http404
    return redirect("policies:list", code=region.code)


@login_required
def policy_list(request: AuthedRequest, code: str) -> HttpResponse:
    region = get_visible_or_404(Region.objects, request.user, code=code)
    require_role(request.user, Role.COUNTY, Role.VIEWER, region=region)
    return _list_page(request, region, PolicyForm())


def _list_page(request: AuthedRequest, region: Region, form: PolicyForm) -> HttpResponse:
    rows = [
        {"key": key, "policy": policy, "value": policy_value(key, region)} for key, policy in POLICIES.items()
    ]
    history = (
        PolicySetting.history.filter(region=region)
        .select_related("history_user")
        .order_by("-history_date")[:50]
    )
    can_edit = request.user.is_superuser or request.user.has_role(Role.COUNTY)
    return render(
        request,
        "common/policy_list.html",
        {"region": region, "rows": rows, "history": history, "form": form, "can_edit": can_edit},
    )


@require_POST
@login_required
def policy_update(request: AuthedRequest, code: str) -> HttpResponse:
    """Saved: back to the list. Refused: the list again with the form as typed and its errors."""
    region = get_visible_or_404(Region.objects, request.user, code=code)
    require_role(request.user, Role.COUNTY, region=region)
    form = PolicyForm(request.POST)
    if (
        form.is_valid()
        and submit(form, policy_set, by=request.user, region=region, **form.cleaned_data) is not None
    ):
        messages.success(request, _("已保存。"))
        return redirect("policies:list", code=region.code)
    return _list_page(request, region, form)
