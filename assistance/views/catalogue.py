"""The measure catalogue: read by every register role, edited by county users (with history)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, require_role, user_may
from common.errors import ServiceError

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
        try:
            if item is None:
                services.category_create(by=request.user, **data)
            else:
                data.pop("code")
                services.category_update(
                    item=MeasureCategory.objects.get(pk=item.pk), by=request.user, **data
                )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("措施目录已保存。"))
            return redirect("assistance:catalogue")
    return render(request, "assistance/category_form.html", {"form": form, "item": item})
