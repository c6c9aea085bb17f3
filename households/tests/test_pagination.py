from households.models import Household
from households.pagination import CappedPaginator

from .factories import HouseholdFactory


def test_count_stops_at_cap_and_says_so(regions):
    HouseholdFactory.create_batch(5, village=regions["village_a"])
    capped = CappedPaginator(Household.objects.order_by("number"), 2, cap=3)
    assert capped.count == 3 and capped.capped and capped.num_pages == 2
    exact = CappedPaginator(Household.objects.order_by("number"), 2, cap=10)
    assert exact.count == 5 and not exact.capped
