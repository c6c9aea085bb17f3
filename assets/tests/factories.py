import itertools
from decimal import Decimal

from assets.choices import AssetClass, AssetKind, FundingSource, OperatingMode, OwnerType
from assets.models import Asset, AssetFunding, Project

_codes = itertools.count(1)


def make_project(region, *, year=2021, completed_on=None, name="产业路建设项目") -> Project:
    return Project.objects.create(name=name, year=year, region=region, completed_on=completed_on)


def make_asset(region, *, project=None, value="100000.00", fundings=None, **fields) -> Asset:
    """An active revenue asset of the village collective in ``region``, funded by central funds."""
    defaults = {
        "code": f"ZC{next(_codes):08d}",
        "name": "冷链保鲜库",
        "asset_class": AssetClass.REVENUE,
        "kind": AssetKind.COLD_STORE,
        "owner_type": OwnerType.COLLECTIVE,
        "owner_name": f"{region.name}股份经济合作联合社",
        "operating_mode": OperatingMode.LEASED,
    }
    defaults.update(fields)
    if defaults["asset_class"] == AssetClass.HOUSEHOLD:
        defaults["owner_type"] = OwnerType.HOUSEHOLD
    asset = Asset.objects.create(
        region=region, project=project or make_project(region), original_value=Decimal(value), **defaults
    )
    for source, amount in fundings or [(FundingSource.CENTRAL, value)]:
        AssetFunding.objects.create(asset=asset, source=source, amount=Decimal(amount))
    return asset
