"""Inventories (清查) on schedule: village-collective assets every year end, state assets every
three years (seed 001 line 427). Both periods are fixed by the plan, not left to the county."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import require_role
from common.errors import Conflict, ServiceError
from common.notify import notify

from ..choices import OwnerType
from ..models import Asset, Inventory, InventoryItem
from .roles import RECORD_ROLES

# Inventories open this many days before the year end so the work fits into December.
OPEN_DAYS_BEFORE_YEAR_END = 30
STATE_CYCLE_YEARS = 3

OWNER_OF_KIND: dict[str, str] = {
    Inventory.Kind.COLLECTIVE: OwnerType.COLLECTIVE,
    Inventory.Kind.STATE: OwnerType.STATE,
}


def _regions_holding(owner_type: str) -> set[int]:
    return set(
        Asset.objects.active().filter(owner_type=owner_type).values_list("region_id", flat=True).distinct()
    )


def _due_regions(kind: str, year: int) -> set[int]:
    holding = _regions_holding(OWNER_OF_KIND[kind])
    if kind == Inventory.Kind.COLLECTIVE:
        done = Inventory.objects.filter(kind=kind, year=year)
    else:  # state: due when no inventory in the last three years, this one included
        done = Inventory.objects.filter(kind=kind, year__gt=year - STATE_CYCLE_YEARS, year__lte=year)
    return holding - set(done.values_list("region_id", flat=True))


@transaction.atomic
def inventories_schedule(*, today: date | None = None) -> list[int]:
    """Create the inventories due at ``today`` with one item per asset; idempotent.

    Returns the ids of the inventories created (none on a second run the same year).
    """
    today = today or timezone.localdate()
    year_end = date(today.year, 12, 31)
    if today < year_end - timedelta(days=OPEN_DAYS_BEFORE_YEAR_END):
        return []
    created = []
    for kind, owner_type in OWNER_OF_KIND.items():
        for region_id in sorted(_due_regions(kind, today.year)):
            inventory, made = Inventory.objects.get_or_create(
                region_id=region_id, kind=kind, year=today.year, defaults={"due_on": year_end}
            )
            if not made:
                continue
            assets = Asset.objects.active().filter(region_id=region_id, owner_type=owner_type)
            InventoryItem.objects.bulk_create(
                InventoryItem(inventory=inventory, asset_id=pk) for pk in assets.values_list("pk", flat=True)
            )
            created.append(inventory.pk)
    transaction.on_commit(lambda: [inventory_notify(inventory_id=pk) for pk in created])
    return created


def inventory_notify(*, inventory_id: int) -> int:
    """Remind the users assigned to the inventory's own region (its custodians); once only."""
    inventory = Inventory.objects.select_related("region").get(pk=inventory_id)
    users = User.objects.filter(
        role_assignments__regions=inventory.region,
        role_assignments__role__in=RECORD_ROLES,
        is_active=True,
    ).distinct()
    message = _("%(region)s %(year)s年%(kind)s已开始，请在 %(due)s 前完成。") % {
        "region": inventory.region.name,
        "year": inventory.year,
        "kind": inventory.get_kind_display(),
        "due": inventory.due_on.isoformat(),
    }
    return notify(
        users,
        kind="asset_inventory",
        message=message,
        link=reverse("assets:inventory", args=[inventory.pk]),
        dedupe_key=f"asset-inventory-{inventory.pk}",
    )


@transaction.atomic
def inventory_item_record(
    *, item: InventoryItem, by: User, state: str, assessed_value: Decimal | None, note: str = ""
) -> InventoryItem:
    inventory = item.inventory
    require_role(by, *RECORD_ROLES, region=inventory.region)
    if inventory.status != Inventory.Status.OPEN:
        raise ServiceError(_("清查已完成，不能再修改结果。"), code="inventory_closed")
    if state not in (InventoryItem.State.FOUND, InventoryItem.State.NOT_FOUND, InventoryItem.State.DAMAGED):
        raise ServiceError(_("请选择清查结果。"), field="state")
    if state == InventoryItem.State.NOT_FOUND:
        assessed_value = Decimal(0)
    elif assessed_value is None:
        raise ServiceError(_("请填写评估价值。"), field="assessed_value")
    item.state, item.assessed_value, item.note = state, assessed_value, note
    item.checked_by, item.checked_at = by, timezone.now()
    item.save()
    return item


@transaction.atomic
def inventory_complete(*, inventory: Inventory, by: User) -> Inventory:
    require_role(by, *RECORD_ROLES, region=inventory.region)
    counts = inventory.items.aggregate(pending=Count("pk", filter=Q(state=InventoryItem.State.PENDING)))
    if counts["pending"]:
        raise ServiceError(_("还有 %d 项资产未清查，不能完成。") % counts["pending"], code="items_pending")
    now = timezone.now()
    changed = Inventory.objects.filter(pk=inventory.pk, status=Inventory.Status.OPEN).update(
        status=Inventory.Status.COMPLETED, completed_at=now, completed_by=by
    )
    if not changed:
        raise Conflict(_("清查已由他人完成。"))
    inventory.refresh_from_db()
    return inventory
