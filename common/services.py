from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from regions.models import Region

from .errors import ServiceError
from .models import PolicySetting
from .policies import POLICIES


@transaction.atomic
def policy_set(*, key: str, region: Region, value: Decimal, by: User, basis: str = "") -> PolicySetting:
    """Set a county's (or the city's) policy number; history keeps every earlier value."""
    require_role(by, Role.COUNTY, region=region)
    policy = POLICIES.get(key)
    if policy is None:
        raise ServiceError(_("未知的政策参数。"), code="unknown_policy")
    if value < policy.minimum:
        raise ServiceError(_("取值不能小于 %(min)s。") % {"min": policy.minimum}, code="below_minimum")
    setting = PolicySetting.objects.filter(key=key, region=region).first() or PolicySetting(
        key=key, region=region
    )
    setting.value, setting.basis = value, basis
    setting._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    setting.save()
    return setting
