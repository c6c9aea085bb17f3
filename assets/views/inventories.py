"""Inventory pages: the list (overdue first), one inventory with its items, recording results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import require_role, user_may
from common.actions import run
from common.pagination import paginate

from .. import selectors
from ..forms import InventoryItemForm
from ..models import Inventory, InventoryItem
from ..services.inventories import inventory_complete, inventory_item_record
from ..services.roles import RECORD_ROLES
from .base import require_reader


@login_required
def inventory_list(request):
    require_reader(request.user)
    context = {
        "page_obj": paginate(request, selectors.inventory_list(request.user)),
        "overdue": selectors.overdue_inventories(request.user)[:50],
        "today": timezone.localdate(),
    }
    return render(request, "assets/inventory_list.html", context)


def _visible_inventory(user, pk: int) -> Inventory:
    require_reader(user)
    return get_object_or_404(Inventory.objects.visible_to(user).select_related("region"), pk=pk)


@login_required
def inventory_detail(request, pk: int):
    inventory = _visible_inventory(request.user, pk)
    items = inventory.items.select_related("asset", "checked_by")
    context = {
        "inventory": inventory,
        "page_obj": paginate(request, items),
        "form": InventoryItemForm(),
        "pending": items.filter(state=InventoryItem.State.PENDING).count(),
        "may_record": inventory.status == Inventory.Status.OPEN
        and user_may(request.user, *RECORD_ROLES, region=inventory.region),
    }
    return render(request, "assets/inventory_detail.html", context)


@require_POST
@login_required
def inventory_item(request, pk: int, item_pk: int):
    inventory = _visible_inventory(request.user, pk)
    require_role(request.user, *RECORD_ROLES, region=inventory.region)
    item = get_object_or_404(inventory.items.select_related("asset"), pk=item_pk)
    form = InventoryItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("清查结果填写有误：%s") % form.errors.as_text())
    elif run(request, inventory_item_record, item=item, by=request.user, **form.cleaned_data):
        messages.success(request, _("已记录 %s 的清查结果。") % item.asset.name)
    return redirect("assets:inventory", pk=inventory.pk)


@require_POST
@login_required
def inventory_done(request, pk: int):
    inventory = _visible_inventory(request.user, pk)
    require_role(request.user, *RECORD_ROLES, region=inventory.region)
    if run(request, inventory_complete, inventory=inventory, by=request.user):
        messages.success(request, _("清查已完成。"))
    return redirect("assets:inventory", pk=inventory.pk)
