from households.models import Household
from households.pagination import CappedPaginator

from .factories import HouseholdFactory


def test_count_stops_at_cap_and_says_so(regions):
    HouseholdFactory.create_batch(5, village=regions["village_a"])
    capped = CappedPaginator(Household.objects.order_by("number"), 2, cap=3)
    assert capped.count == 3 and capped.capped and capped.num_pages == 2
    exact = CappedPaginator(Household.objects.order_by("number"), 2, cap=10)
    assert exact.count == 5 and not exact.capped


def test_short_first_page_needs_no_count_query(regions, django_assert_num_queries):
    HouseholdFactory.create_batch(3, village=regions["village_a"])
    paginator = CappedPaginator(Household.objects.order_by("number"), 5)
    with django_assert_num_queries(1):
        page = paginator.get_page(None)
        assert paginator.count == 3 and len(page) == 3 and not page.has_next()
    full = CappedPaginator(Household.objects.order_by("number"), 2)
    with django_assert_num_queries(2):
        page = full.get_page("1")
        assert full.count == 3 and page.has_next() and len(page.object_list) == 2
    assert list(full.get_page("2")) == list(Household.objects.order_by("number")[2:])
