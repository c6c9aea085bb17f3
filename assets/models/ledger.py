"""Projects and the assets they formed, with funding by source and beneficiary households."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet

from ..choices import AssetClass, AssetKind, AssetStatus, FundingSource, OperatingMode, OwnerType

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class ProjectQuerySet(ScopedQuerySet["Project"]):
    def completed_without_assets(self) -> "ProjectQuerySet":
        """The "no omissions" check: a completed project must have formed at least one asset."""
        return self.filter(completed_on__isnull=False).exclude(pk__in=Asset.objects.values("project_id"))


class Project(models.Model):
    name = models.CharField(_("项目名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("项目年度"), db_index=True)
    approval = models.CharField(_("立项批复文号"), max_length=100, blank=True)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="asset_projects", verbose_name=_("实施区域")
    )
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("扶贫项目")
        verbose_name_plural = _("扶贫项目")
        ordering = ["-year", "name"]
        indexes = [models.Index(fields=["region", "year"], name="project_region_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class AssetQuerySet(ScopedQuerySet["Asset"]):
    region_field = "region"

    def active(self) -> "AssetQuerySet":
        return self.filter(status=AssetStatus.ACTIVE)

    def revenue(self) -> "AssetQuerySet":
        return self.filter(asset_class=AssetClass.REVENUE)


class Asset(models.Model):
    code = models.CharField(_("资产编号"), max_length=40, unique=True)
    name = models.CharField(_("资产名称"), max_length=200)
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="assets", verbose_name=_("项目")
    )
    asset_class = models.CharField(_("资产类别"), max_length=10, choices=AssetClass.choices)
    kind = models.CharField(_("资产类型"), max_length=16, choices=AssetKind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="assets", verbose_name=_("所在区域")
    )
    # The ledger an asset belongs to (县/乡/村级台账) follows its region; derived on save.
    level = models.CharField(_("台账层级"), max_length=10, editable=False)
    quantity = models.DecimalField(_("数量"), max_digits=12, decimal_places=2, default=1)
    unit = models.CharField(_("单位"), max_length=16, default="个")
    original_value = models.DecimalField(_("原值（元）"), **MONEY)
    completed_on = models.DateField(_("建成日期"), null=True, blank=True)
    handed_over = models.BooleanField(_("已移交"), default=False)
    handed_over_on = models.DateField(_("移交日期"), null=True, blank=True)
    registered = models.BooleanField(_("已确权"), default=False)
    registered_on = models.DateField(_("确权日期"), null=True, blank=True)
    owner_type = models.CharField(_("权属类型"), max_length=12, choices=OwnerType.choices)
    owner_name = models.CharField(_("所有权人"), max_length=100)
    custodian_unit = models.CharField(_("管护主体"), max_length=100, blank=True)
    custodian_person = models.CharField(_("管护责任人"), max_length=32, blank=True)
    operating_mode = models.CharField(_("经营方式"), max_length=12, choices=OperatingMode.choices, blank=True)
    operator = models.CharField(_("经营主体"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=AssetStatus.choices, default=AssetStatus.ACTIVE
    )
    disposed_on = models.DateField(_("处置日期"), null=True, blank=True)
    beneficiaries = models.ManyToManyField(
        "households.Household",
        through="AssetBeneficiary",
        related_name="project_assets",
        verbose_name=_("受益农户"),
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # indexed with id: the API cursor
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AssetQuerySet.as_manager()

    class Meta:
        verbose_name = _("扶贫项目资产")
        verbose_name_plural = _("扶贫项目资产")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["region", "status"], name="asset_region_status"),
            models.Index(fields=["level", "status"], name="asset_level_status"),
            models.Index(fields=["asset_class", "status"], name="asset_class_status"),
            models.Index(fields=["kind"], name="asset_kind"),
            models.Index(fields=["owner_type"], name="asset_owner_type"),
            models.Index(fields=["updated_at", "id"], name="asset_updated_cursor"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(original_value__gte=0), name="asset_value_not_negative"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="asset_quantity_positive"),
            # Household-class assets belong to the household (seed 002: 确权给农户所有).
            models.CheckConstraint(
                condition=~Q(asset_class=AssetClass.HOUSEHOLD) | Q(owner_type=OwnerType.HOUSEHOLD),
                name="asset_household_class_owned_by_household",
            ),
            models.CheckConstraint(
                condition=Q(status=AssetStatus.ACTIVE, disposed_on__isnull=True)
                | Q(status=AssetStatus.DISPOSED, disposed_on__isnull=False),
                name="asset_disposed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.level = self.region.level
        super().save(*args, **kwargs)

    @property
    def is_household_class(self) -> bool:
        return self.asset_class == AssetClass.HOUSEHOLD


class AssetFunding(models.Model):
    """One funding source of an asset with its amount (an asset usually has one to three)."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField(_("资金来源"), max_length=16, choices=FundingSource.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)

    class Meta:
        verbose_name = _("资金来源")
        verbose_name_plural = _("资金来源")
        constraints = [
            models.UniqueConstraint(fields=["asset", "source"], name="funding_one_row_per_source"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_amount_positive"),
        ]
        indexes = [models.Index(fields=["source", "asset"], name="funding_source_asset")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class AssetBeneficiary(models.Model):
    """A household that benefits from the asset; the list is adjusted as households change."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="beneficiary_links")
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="asset_links"
    )
    since = models.DateField(_("受益起始"), null=True, blank=True)

    class Meta:
        verbose_name = _("受益农户")
        verbose_name_plural = _("受益农户")
        constraints = [
            models.UniqueConstraint(fields=["asset", "household"], name="beneficiary_once_per_asset"),
        ]

    def __str__(self) -> str:
        return str(self.household)
