"""Inventories (清查): village-collective assets every year end, state assets every three years
(seed 001 line 427). One inventory per region, kind and year; its items list each asset."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet

from .ledger import MONEY, Asset


class InventoryQuerySet(ScopedQuerySet["Inventory"]):
    def open(self) -> "InventoryQuerySet":
        return self.filter(status=Inventory.Status.OPEN)

    def overdue(self, today=None) -> "InventoryQuerySet":
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Inventory(models.Model):
    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("村集体资产年度清查")
        STATE = "state", _("国有资产三年清查")

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        COMPLETED = "completed", _("已完成")

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="asset_inventories", verbose_name=_("区域")
    )
    kind = models.CharField(_("清查类型"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("清查年度"))
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InventoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("资产清查")
        verbose_name_plural = _("资产清查")
        ordering = ["-year", "region__code"]
        indexes = [models.Index(fields=["status", "due_on"], name="inventory_status_due")]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "year"], name="inventory_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_kind_display()}"


class InventoryItemQuerySet(ScopedQuerySet["InventoryItem"]):
    region_field = "inventory__region"


class InventoryItem(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("未清查")
        FOUND = "found", _("账实相符")
        NOT_FOUND = "not_found", _("盘亏（未找到）")
        DAMAGED = "damaged", _("损毁")

    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="items")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="inventory_items")
    state = models.CharField(_("清查结果"), max_length=10, choices=State.choices, default=State.PENDING)
    assessed_value = models.DecimalField(_("评估价值（元）"), **MONEY, null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    objects = InventoryItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("清查明细")
        verbose_name_plural = _("清查明细")
        ordering = ["asset__code"]
        constraints = [
            models.UniqueConstraint(fields=["inventory", "asset"], name="inventory_item_once"),
            models.CheckConstraint(
                condition=Q(assessed_value__isnull=True) | Q(assessed_value__gte=0),
                name="inventory_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.get_state_display()}"
