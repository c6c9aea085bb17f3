from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest, queryset: QuerySet[Any], per_page: int | None = None, *, count: int | None = None
) -> Page[Any]:
    """The requested page of ``queryset``; out-of-range or junk page numbers give the nearest page.
    ``count``, when the caller has counted the rows already, spares the paginator its COUNT."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(request.GET.get("page"))
