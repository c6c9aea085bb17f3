"""监测范围: every signed-in user reads the table; county users set their county's lines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, require_role, user_may
from common.actions import submit

from ..forms import MonitoringLineForm
from ..models import MonitoringLine
from ..services import monitoring_line_set


@login_required
def line_list(request):
    require_role(request.user, *REGISTER_ROLES)
    can_edit = user_may(request.user, Role.COUNTY)
    form = MonitoringLineForm(request.POST or None, user=request.user) if can_edit else None
    if request.method == "POST":
        require_role(request.user, Role.COUNTY)
        assert form is not None  # county users get the form
        if (
            form.is_valid()
            and submit(form, monitoring_line_set, by=request.user, **form.cleaned_data) is not None
        ):
            messages.success(request, _("监测范围已保存。"))
            return redirect("households:lines")
    lines = (
        MonitoringLine.objects.visible_to(request.user)
        .select_related("region")
        .order_by("-year", "region__depth")
    )
    history = MonitoringLine.history.select_related("history_user", "region").order_by("-history_date")[:30]
    return render(
        request,
        "households/lines.html",
        {"lines": lines, "history": history, "form": form, "can_edit": can_edit},
    )
