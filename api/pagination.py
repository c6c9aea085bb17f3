"""Keyset ("cursor") pagination on ``(updated_at, id)`` for incremental pulls.

DRF's own ``CursorPagination`` keys on the first ordering field plus an offset, so rows updated
between two page fetches can shift the offset and make a client skip or repeat rows. Here the
cursor is the last row's ``(updated_at, id)`` and the next page is ``WHERE (updated_at, id) >
cursor``: a row never updated during the pull comes exactly once; a row updated after it was
delivered moves behind the cursor and comes again with its new values at the end, which is what a
client keeping a copy wants; no row is ever skipped. The composite ``(updated_at, id)`` indexes on
the models make each page an index range scan whatever the depth.

A row committed late (stamped before the cursor passed, committed after) cannot be seen by the
pull that passed it; every page therefore carries ``next_since``, the sync horizon taken when the
pull began (:mod:`api.horizon`), which the client passes as ``updated_since`` next time: every
such row is at or after it.
"""

import base64
import binascii
import datetime
import json

from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from .horizon import sync_horizon

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class KeysetPagination(BasePagination):
    """Forward-only keyset pages. ``cursor_fields`` on the view (default ``("updated_at", "id")``)
    names a unique, indexed ordering; the last field must be unique on its own."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.fields = tuple(getattr(view, "cursor_fields", ("updated_at", "id")))
        self.page_size = self._page_size(request)
        position, self.since = self._decode(request.query_params.get(self.cursor_query_param))
        if self.since is None and self.fields[0] == "updated_at":
            self.since = sync_horizon()
        queryset = queryset.order_by(*self.fields)
        if position is not None:
            queryset = queryset.filter(self._after(position))
        rows = list(queryset[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        rows = rows[: self.page_size]
        self.last = rows[-1] if rows else None
        return rows

    def get_paginated_response(self, data):
        since = self._encode_value(self.since)
        return Response({"next": self.get_next_link(), "next_since": since, "results": data})

    def get_next_link(self):
        if not self.has_next:
            return None
        state = {"after": [self._encode_value(getattr(self.last, f)) for f in self.fields]}
        if self.since is not None:
            state["since"] = self._encode_value(self.since)
        token = base64.urlsafe_b64encode(json.dumps(state).encode()).decode()
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, token)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "next_since", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "next_since": {
                    "type": "string",
                    "nullable": True,
                    "format": "date-time",
                    "description": str(
                        _(
                            "下次增量拉取时作为 updated_since 传入：本次拉取可能漏取的变更都不早于此时刻。"
                            "不按更新时间排序的列表为 null。"
                        )
                    ),
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(_("上一页响应中 next 链接里的游标值。")),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(_("每页条数，默认 100，最多 1000。")),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        try:
            size = int(raw) if raw else DEFAULT_PAGE_SIZE
        except ValueError:
            size = DEFAULT_PAGE_SIZE
        return min(max(size, 1), MAX_PAGE_SIZE)

    def _after(self, position: list) -> TupleGreaterThan:
        """``(f1, f2, …) > (v1, v2, …)``: a row comparison, which PostgreSQL answers with a range
        scan of the composite index (an ``a > x OR (a = x AND b > y)`` spelling scans from the
        start of the index and filters); Django spells it out on SQLite."""
        return TupleGreaterThan(Tuple(*(F(field) for field in self.fields)), position)

    @staticmethod
    def _encode_value(value):
        return value.isoformat() if isinstance(value, datetime.datetime) else value

    @staticmethod
    def _instant(value) -> datetime.datetime | None:
        """An aware ISO datetime in UTC (PostgreSQL refuses offsets Python accepts, see
        common.filters), or None."""
        try:
            value = parse_datetime(value) if isinstance(value, str) else None
            return value.astimezone(datetime.UTC) if value and value.tzinfo else None
        except (ValueError, OverflowError):
            return None

    def _decode(self, token: str | None) -> tuple[list | None, datetime.datetime | None]:
        """The position after which the page starts and the pull's horizon, from a token."""
        if not token:
            return None, None
        invalid = NotFound(_("游标无效，请从第一页重新获取。"), code="invalid_cursor")
        try:
            state = json.loads(base64.urlsafe_b64decode(token.encode()))
        except (binascii.Error, ValueError, UnicodeError):
            raise invalid from None
        values = state.get("after") if isinstance(state, dict) else None
        if not isinstance(values, list) or len(values) != len(self.fields):
            raise invalid
        since = None
        if self.fields[0] == "updated_at":
            since = self._instant(state.get("since"))
            if since is None:
                raise invalid
        position = []
        for field, value in zip(self.fields, values, strict=True):
            if field.endswith("_at"):
                value = self._instant(value)
            elif field == "id":
                value = value if isinstance(value, int) and not isinstance(value, bool) else None
            elif not isinstance(value, str):
                value = None
            if value is None:
                raise invalid
            position.append(value)
        return position, since
