"""Register projects and assets (with their funding sources) in the three-level ledger."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import require_role
from common.errors import ServiceError
from households.models import Household
from regions.models import Region

from ..choices import AssetClass, OwnerType
from ..models import Asset, AssetBeneficiary, AssetFunding, Project
from .roles import LEDGER_ROLES, require_active, require_on_asset

ASSET_FIELDS = (
    "code name project asset_class kind region quantity unit original_value completed_on handed_over "
    "handed_over_on registered registered_on owner_type owner_name custodian_unit custodian_person "
    "operating_mode operator"
).split()


@transaction.atomic
def project_create(
    *, by: User, name: str, year: int, region: Region, approval: str = "", completed_on: date | None = None
) -> Project:
    require_role(by, *LEDGER_ROLES, region=region)
    return Project.objects.create(
        name=name, year=year, region=region, approval=approval, completed_on=completed_on
    )


def _check(data: dict[str, Any], fundings: list[tuple[str, Decimal]]) -> None:
    if data["asset_class"] == AssetClass.HOUSEHOLD and data["owner_type"] != OwnerType.HOUSEHOLD:
        raise ServiceError(_("到户类资产的权属类型必须是农户。"), field="owner_type")
    if data["asset_class"] == AssetClass.REVENUE and not data.get("operating_mode"):
        raise ServiceError(_("经营性资产须填写经营方式。"), field="operating_mode")
    if not data["region"].is_within(data["project"].region) and not data["project"].region.is_within(
        data["region"]
    ):
        raise ServiceError(_("资产所在区域与项目实施区域不一致。"), field="region")
    sources = [source for source, _amount in fundings]
    if len(sources) != len(set(sources)):
        raise ServiceError(_("同一资金来源只能填写一行。"), field="fundings")
    total = sum((amount for _source, amount in fundings), Decimal(0))
    # The original value is what the funds paid for; a mismatch is a typing error in one of them.
    if total != data["original_value"]:
        raise ServiceError(
            _("资金来源合计 %(total)s 元与原值 %(value)s 元不一致。")
            % {"total": total, "value": data["original_value"]},
            field="fundings",
        )


def _write_fundings(asset: Asset, fundings: list[tuple[str, Decimal]]) -> None:
    asset.fundings.all().delete()
    AssetFunding.objects.bulk_create(
        AssetFunding(asset=asset, source=source, amount=amount) for source, amount in fundings
    )


@transaction.atomic
def asset_create(*, by: User, data: dict[str, Any], fundings: list[tuple[str, Decimal]]) -> Asset:
    require_role(by, *LEDGER_ROLES, region=data["region"])
    _check(data, fundings)
    if Asset.objects.filter(code=data["code"]).exists():
        raise ServiceError(_("资产编号 %s 已存在，台账不得重复登记。") % data["code"], field="code")
    try:
        with transaction.atomic():
            asset = Asset.objects.create(**{f: data.get(f) for f in ASSET_FIELDS if f in data})
    except IntegrityError as exc:  # a concurrent registration of the same code
        raise ServiceError(_("资产编号 %s 已存在，台账不得重复登记。") % data["code"], field="code") from exc
    _write_fundings(asset, fundings)
    return asset


@transaction.atomic
def asset_update(
    *, asset: Asset, by: User, data: dict[str, Any], fundings: list[tuple[str, Decimal]]
) -> Asset:
    require_role(by, *LEDGER_ROLES, region=asset.region)
    require_role(by, *LEDGER_ROLES, region=data["region"])
    require_active(asset)
    _check(data, fundings)
    if data["code"] != asset.code and Asset.objects.filter(code=data["code"]).exists():
        raise ServiceError(_("资产编号 %s 已存在，台账不得重复登记。") % data["code"], field="code")
    for field in ASSET_FIELDS:
        if field in data:
            setattr(asset, field, data[field])
    asset.save()
    _write_fundings(asset, fundings)
    return asset


@transaction.atomic
def asset_beneficiaries_set(*, asset: Asset, by: User, households: list[Household]) -> int:
    """Rewrite the beneficiary households (受益对象动态调整, seed 000 line 597): the village keeps
    the list current as households change; each household must live in the asset's region."""
    require_on_asset(by, asset)
    require_active(asset)
    outside = [h.number for h in households if not h.village.is_within(asset.region)]
    if outside:
        raise ServiceError(_("以下农户不在资产所在区域：%s") % "、".join(outside[:20]), field="households")
    if asset.is_household_class and len(households) > 1:
        raise ServiceError(_("到户类资产只归属一户。"), field="households")
    asset.beneficiary_links.exclude(household__in=households).delete()
    kept = set(asset.beneficiary_links.values_list("household_id", flat=True))
    AssetBeneficiary.objects.bulk_create(
        AssetBeneficiary(asset=asset, household=h, since=timezone.localdate())
        for h in households
        if h.pk not in kept
    )
    return len(households)
