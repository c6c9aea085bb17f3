from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: a county of 200,000 households should not pay for an exact
    COUNT(*) on every page. Past the cap the page shows "cap+" and asks for a narrower search."""

    def __init__(self, object_list, per_page, *, cap: int = 2000, count_from=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.count_from = object_list if count_from is None else count_from

    @cached_property
    def count(self) -> int:
        found = self.count_from.order_by().values("pk")[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)
