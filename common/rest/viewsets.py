"""Base viewsets: every queryset goes through ``visible_to(request.user)``, so a row outside the
caller's scope is absent from lists and answers 404 on retrieve, exactly like the UI."""

from rest_framework import viewsets


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    #: keyset ordering for :class:`api.pagination.KeysetPagination`
    cursor_fields: tuple[str, ...] = ("updated_at", "id")

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)  # type: ignore[attr-defined]  # scoped models only
