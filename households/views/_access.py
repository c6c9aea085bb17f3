from accounts.models import Role
from accounts.scope import get_visible_or_404, require_role

from ..models import Household


def visible_household(request, pk: int) -> Household:
    """The household if the user's scope holds it (404 otherwise)."""
    return get_visible_or_404(Household.objects.select_related("village"), request.user, pk=pk)


def writable_household(request, pk: int) -> Household:
    """404 outside the scope, then 403 unless the user is a cadre of the household's village:
    township, county and viewer users browse read-only."""
    household = visible_household(request, pk)
    require_role(request.user, Role.VILLAGE, region=household.village)
    return household
