"""The measure catalogue: read by every register role, edited by county users (with history)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, require_role, user_may
from common.actions import submit

from .. import services
from ..forms import CategoryForm
from ..models import MeasureCategory


@login_required
def catalogue_list(request):
    require_role(request.user, *REGISTER_ROLES)
    items = MeasureCategory.objects.select_related("parent").order_by("order", "code")
    history = MeasureCategory.history.select_related("history_user").order_by("-history_date")[:30]
    return render(
        request,
        "assistance/catalogue.html",
        {"items": items, "history": history, "can_edit": user_may(request.user, Role.COUNTY)},
    )


@login_required
def category_edit(request, pk: int | None = None):
    require_role(request.user, Role.COUNTY)
    item = get_object_or_404(MeasureCategory, pk=pk) if pk else None
    form = CategoryForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if item is None:
            saved = submit(form, services.category_create, by=request.user, **data)
        else:
            data.pop("code")
            saved = submit(
                form,
                services.category_update,
                item=MeasureCategory.objects.get(pk=item.pk),
                by=request.user,
                **data,
            )
        if saved is not None:
            messages.success(request, _("措施目录已保存。"))
            return redirect("assistance:catalogue")
    return render(request, "assistance/category_form.html", {"form": form, "item": item})
