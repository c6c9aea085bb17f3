from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: a county of 200,000 households should not pay for an exact
    COUNT(*) on every page. Past the cap the page shows "cap+" and asks for a narrower search.

    A first page that is not full needs no count at all (most searches end there), and a full one
    reuses the rows it already fetched.
    """

    def __init__(self, object_list, per_page, *, cap: int = 1000, count_from=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.count_from = object_list if count_from is None else count_from
        self.capped = False

    @cached_property
    def count(self) -> int:
        found = self.count_from.order_by().values("pk")[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    def get_page(self, number):
        if str(number or "1") != "1":
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.__dict__["count"] = len(rows)  # everything there is fits on this page
        return self._get_page(rows, 1, self)  # type: ignore[attr-defined]  # private, not in the stubs
