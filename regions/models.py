"""The administrative tree with 12-digit statistical division codes (统计用区划代码).

Subtrees are found through a materialised path of codes ("500000000000/500230000000/…/"), a
prefix match that uses a plain b-tree index on SQLite and a ``varchar_pattern_ops`` index on
PostgreSQL. The tree is small (thousands of rows); scoped tables filter on
``region_id IN (subtree ids)``, which the planner runs as a semi-join on their own region index.
"""

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

code_validator = RegexValidator(r"^\d{12}$", _("区划代码必须是12位数字。"))


class RegionQuerySet(models.QuerySet["Region"]):
    region_field = "pk"  # a region's own region, for filters that read the field from the QuerySet

    def subtree_of(self, *regions: "Region") -> "RegionQuerySet":
        """Every region under any of ``regions``, the regions themselves included."""
        if not regions:
            return self.none()
        query = models.Q()
        for region in regions:
            query |= models.Q(path__startswith=region.path)
        return self.filter(query)

    def visible_to(self, user) -> "RegionQuerySet":
        """The subtrees of the regions ``user`` reads the register for (``User.scope_roots()``;
        regions is the lowest app, so it asks the user rather than importing accounts)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(pk__in=Region.objects.subtree_of(*user.scope_roots()).values("pk"))


class Region(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("市")
        COUNTY = "county", _("区县")
        TOWNSHIP = "township", _("乡镇/街道")
        VILLAGE = "village", _("村/社区")
        GROUP = "group", _("村民小组")

    code = models.CharField(_("区划代码"), max_length=12, unique=True, validators=[code_validator])
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # 脱贫村 (a village that left poverty): income of collective assets goes to these first.
    former_poor_village = models.BooleanField(_("脱贫村"), default=False)
    former_poor_exit_year = models.PositiveSmallIntegerField(_("脱贫年度"), null=True, blank=True)
    # Codes of the ancestors and this node, each followed by "/": derived, kept by save().
    path = models.CharField(max_length=14 * 6, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    # Who set the 脱贫村 flag, and when (the county's page saves through households.services).
    history = HistoricalRecords(excluded_fields=["path", "depth"])

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["path"], name="region_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "code"], name="region_level_code"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^\d{12}$"), name="region_code_12_digits"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = (self.parent.path if self.parent else "") + self.code + "/"
        self.depth = self.path.count("/") - 1
        super().save(*args, **kwargs)

    def ancestors(self) -> "RegionQuerySet":
        codes = self.path.strip("/").split("/")
        return Region.objects.filter(code__in=codes).order_by("depth")

    @property
    def full_name(self) -> str:
        """Name with its ancestors below the county, e.g. 栗子乡建龙村."""
        return "".join(
            r.name for r in self.ancestors() if r.level not in (self.Level.CITY, self.Level.COUNTY)
        )

    def is_within(self, other: "Region") -> bool:
        return self.path.startswith(other.path)
