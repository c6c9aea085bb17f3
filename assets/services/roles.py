"""Who may write what on an asset."""

from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError

from ..choices import AssetStatus
from ..models import Asset

# Registering and editing the ledger is the township's and the county's job; village cadres record
# what happens on the ground (income, inventory results, maintenance, distribution lists).
LEDGER_ROLES = (Role.TOWNSHIP, Role.COUNTY)
RECORD_ROLES = (Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY)


def require_on_asset(user: User, asset: Asset, roles: tuple[str, ...] = RECORD_ROLES) -> None:
    require_role(user, *roles, region=asset.region)


def refuse_household_class(asset: Asset, what: str) -> None:
    """Household-class assets are managed by the household itself (seed 002 line 461)."""
    if asset.is_household_class:
        raise ServiceError(
            _("到户类资产归农户所有、由农户自行管理，不走%s流程。") % what, code="household_class"
        )


def require_active(asset: Asset) -> None:
    if asset.status != AssetStatus.ACTIVE:
        raise ServiceError(_("资产已处置，不能再办理该事项。"), code="asset_disposed")
