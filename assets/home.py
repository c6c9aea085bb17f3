"""The home page's line for the 运维基金 (``common.home.add_home_counter``): requests at my step."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import user_may

from .models import FundRequest

S = FundRequest.Status


def fund_counters(user: User) -> list[tuple[str, int, str]]:
    """The township reviews requests of assets below the county; the county reviews its own
    assets' requests and approves every reviewed one (``assets.services.fund.FUND_WORKFLOW``)."""
    township, county = user_may(user, Role.TOWNSHIP), user_may(user, Role.COUNTY)
    if not (township or county):
        return []
    waiting = Q(pk__in=[])
    if township:
        waiting |= Q(status=S.REQUESTED) & ~Q(asset__level="county")
    if county:
        waiting |= Q(status=S.REVIEWED) | (Q(status=S.REQUESTED) & Q(asset__level="county"))
    count = FundRequest.objects.visible_to(user).filter(waiting).count()
    return [(_("运维基金申请待审核"), count, reverse("assets:fund"))]
