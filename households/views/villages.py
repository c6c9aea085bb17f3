"""脱贫村: the county marks its villages that left poverty (and when); everyone in scope reads."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, require_role, user_may
from accounts.types import AuthedRequest
from common.actions import run
from common.pagination import paginate
from regions.models import Region

from ..services.villages import former_poor_village_set


class FormerPoorForm(forms.Form):
    former_poor = forms.BooleanField(label=gettext_lazy("脱贫村"), required=False)
    exit_year = forms.IntegerField(label=gettext_lazy("脱贫年度"), required=False)


@login_required
def former_poor_villages(request: AuthedRequest):
    require_role(request.user, *REGISTER_ROLES)
    villages = (
        Region.objects.visible_to(request.user)
        .filter(level=Region.Level.VILLAGE)
        .select_related("parent")
        .order_by("code")
    )
    only = request.GET.get("only") == "1"
    if only:
        villages = villages.filter(former_poor_village=True)
    if township := request.GET.get("township"):
        villages = villages.filter(parent__code=township)
    townships = Region.objects.visible_to(request.user).filter(level=Region.Level.TOWNSHIP).order_by("code")
    context = {
        "page_obj": paginate(request, villages),
        "townships": townships,
        "township": township or "",
        "only": only,
        "can_edit": user_may(request.user, Role.COUNTY),
        "flagged": Region.objects.visible_to(request.user)
        .filter(level=Region.Level.VILLAGE, former_poor_village=True)
        .count(),
    }
    return render(request, "households/former_poor_villages.html", context)


@require_POST
@login_required
def former_poor_village_save(request: AuthedRequest, code: str):
    village = get_object_or_404(
        Region.objects.visible_to(request.user), code=code, level=Region.Level.VILLAGE
    )
    require_role(request.user, Role.COUNTY, region=village)
    form = FormerPoorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("脱贫年度须为数字。"))
    elif run(request, former_poor_village_set, village=village, by=request.user, **form.cleaned_data):
        messages.success(request, _("已保存：%s") % village.name)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/households/") else "households:former_poor_villages")
