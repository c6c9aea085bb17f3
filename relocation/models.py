"""易地扶贫搬迁安置点 (seed 004 line 63): the register of sites and the households moved to each.

Before this app a household's site was free text on its 易地扶贫搬迁 flag
(``HouseholdFlag.relocation_site``); :func:`relocation.services.relocations_from_flags` links the
households whose text names a site of their county, and cadres link the others by hand.
"""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet, scope_region_ids
from households.choices import RelocationMode


class SiteQuerySet(ScopedQuerySet["Site"]):
    region_field = "region"

    def visible_to(self, user: Any) -> "SiteQuerySet":
        """Sites in the user's regions, sites of the regions above them (a village cadre sees its
        township's sites, to link its households there) and sites where households of the
        user's regions live. Another village's site stays hidden."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        roots = user.scope_roots()
        if not roots:
            return self.none()
        regions = scope_region_ids(user)
        above = {code for root in roots for code in root.path.strip("/").split("/")}
        moved_here = Relocation.objects.filter(household__village__in=regions).values("site_id")
        return self.filter(Q(region__in=regions) | Q(region__code__in=above) | Q(pk__in=moved_here))


class Site(models.Model):
    name = models.CharField(_("安置点名称"), max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="relocation_sites",
        verbose_name=_("所在区域"),
    )
    kind = models.CharField(_("安置方式"), max_length=8, choices=RelocationMode.choices)
    planned_households = models.PositiveIntegerField(_("规划安置户数"), default=0)
    planned_people = models.PositiveIntegerField(_("规划安置人数"), default=0)
    completion_year = models.PositiveSmallIntegerField(
        _("建成年份"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords()

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("安置点")
        verbose_name_plural = _("安置点")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="site_unique_name_in_region")]
        indexes = [models.Index(fields=["updated_at", "id"], name="site_updated_cursor")]

    def __str__(self) -> str:
        return self.name


class RelocationQuerySet(ScopedQuerySet["Relocation"]):
    region_field = "household__village"


class Relocation(models.Model):
    """A household moved to a site (one site per household)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("手工关联")
        FLAG = "flag", _("按农户属性安置点名称关联")

    household = models.OneToOneField(
        "households.Household", on_delete=models.PROTECT, related_name="relocation", verbose_name=_("农户")
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="relocations", verbose_name=_("安置点")
    )
    moved_on = models.DateField(_("搬迁入住日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = RelocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("搬迁安置")
        verbose_name_plural = _("搬迁安置")

    def __str__(self) -> str:
        return f"{self.household} → {self.site}"
