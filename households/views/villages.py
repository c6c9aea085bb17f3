"""脱贫村: the county marks its villages that left poverty (and when); everyone in scope reads."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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
        # A refused save's row: what was typed, shown again (marked) instead of the stored values.
        "kept": {
            "code": request.GET.get("fp_code", ""),
            "year": request.GET.get("fp_year", "")[:10],
            "checked": request.GET.get("fp_checked") == "1",
        },
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
    back = request.POST.get("next", "")
    back = back if back.startswith("/households/") else reverse("households:former_poor_villages")
    if not form.is_valid():
        messages.error(request, _("脱贫年度须为数字。"))
    elif run(request, former_poor_village_set, village=village, by=request.user, **form.cleaned_data):
        messages.success(request, _("已保存：%s") % village.name)
        return redirect(_with_kept(back, {}))
    # Refused: back to the list with what was typed on this row (the page shows it again, marked).
    kept = {
        "fp_code": village.code,
        "fp_year": request.POST.get("exit_year", "")[:10],
        "fp_checked": "1" if request.POST.get("former_poor") else "",
    }
    return redirect(_with_kept(back, kept))


def _with_kept(url: str, kept: dict[str, str]) -> str:
    """``url`` with ``kept`` (the typed values of a refused save) in place of any it carried."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("fp_")]
    return urlunsplit(parts._replace(query=urlencode([*query, *kept.items()])))
