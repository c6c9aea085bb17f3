"""The declarative ledger: which rows (a scoped queryset), which columns, which filters.

Ledgers register themselves in :data:`LEDGERS` from ``ledgers.definitions``; the page, the export
service and the task look them up by key. Rows are always read through ``visible_to(user)``.
"""

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from accounts.models import Role
from common.filters import RegionFilterSet, region_field_of
from regions.models import Region

from .columns import Column, compile_getters

REGISTER_ROLES = (Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY, Role.VIEWER)


@dataclass(frozen=True)
class Filters:
    region: Region | None = None
    status: str = ""
    category: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def as_json(self) -> dict:
        data = {
            "region": self.region.code if self.region else "",
            "status": self.status,
            "category": self.category,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in data.items() if v}

    @classmethod
    def from_json(cls, data: dict) -> "Filters":
        region = Region.objects.get(code=data["region"]) if data.get("region") else None
        return cls(
            region=region,
            status=data.get("status", ""),
            category=data.get("category", ""),
            date_from=datetime.date.fromisoformat(data["date_from"]) if data.get("date_from") else None,
            date_to=datetime.date.fromisoformat(data["date_to"]) if data.get("date_to") else None,
        )


@dataclass
class Ledger:
    key: str
    title: Any
    queryset: Callable[[], Any]  # the model's scoped manager queryset, e.g. Case.objects.all
    columns: Sequence[Column]
    # FK path to the row's village (or other region) for the region filter; by default the one
    # the rows' QuerySet names (``ScopedQuerySet.region_field``).
    region_field: str = ""
    order_by: Sequence[str] = ("pk",)
    status_field: str = ""
    status_choices: Sequence[tuple[str, Any]] = ()
    category_field: str | Callable[[str], Q] = ""  # a field, or a function of the value giving a Q
    # A list of (value, label), or a function returning one when the choices live in a table.
    category_choices: Sequence[tuple[str, Any]] | Callable[[], Sequence[tuple[str, Any]]] = ()
    date_field: str = ""
    date_label: Any = ""
    roles: Sequence[str] = REGISTER_ROLES
    # Per-chunk lookups: name -> function(list of row pks) -> {pk: cell value}; one query per chunk.
    extras: dict[str, Callable[[list], dict]] = field(default_factory=dict)
    description: Any = ""
    # Rows a user may see, when the model has no ``visible_to`` of its own (e.g. match results
    # are scoped through their upload); by default ``queryset().visible_to(user)``.
    scope: Callable[[Any], QuerySet] | None = None
    # A 序号 (row number) first column; off for a ledger whose rows carry a 序号 of their own.
    numbered: bool = True
    # The list's FilterSet (``common.filters``), shared with its page and API list: when set, the
    # region, status, category and date range filter through it, under these filter names.
    filterset: type[RegionFilterSet] | None = None
    category_filter: str = "category"
    date_filters: tuple[str, str] = ("date_from", "date_to")

    def allowed(self, user) -> bool:
        return user.is_superuser or user.has_role(*self.roles)

    def categories(self) -> Sequence[tuple[str, Any]]:
        return self.category_choices() if callable(self.category_choices) else self.category_choices

    def rows_for(self, user, filters: Filters) -> QuerySet:
        """The scoped, filtered queryset: deny by default through ``visible_to``."""
        qs = self.scope(user) if self.scope else self.queryset().visible_to(user)
        if self.filterset is not None:
            values = {
                "region": filters.region,
                "status": filters.status,
                self.category_filter: filters.category,
                self.date_filters[0]: filters.date_from,
                self.date_filters[1]: filters.date_to,
            }
            return self.filterset().apply(qs, values)
        if filters.region is not None:
            subtree = Region.objects.subtree_of(filters.region).values("pk")
            qs = qs.filter(**{f"{self.region_field or region_field_of(qs)}__in": subtree})
        if filters.status and self.status_field:
            qs = qs.filter(**{self.status_field: filters.status})
        if filters.category and callable(self.category_field):
            qs = qs.filter(self.category_field(filters.category))
        elif filters.category and isinstance(self.category_field, str) and self.category_field:
            qs = qs.filter(**{self.category_field: filters.category})
        if self.date_field and filters.date_from:
            qs = qs.filter(**{f"{self.date_field}__gte": filters.date_from})
        if self.date_field and filters.date_to:
            qs = qs.filter(**{f"{self.date_field}__lte": filters.date_to})
        return qs

    def fields(self) -> list[str]:
        fields = ["pk"]
        for column in self.columns:
            for src in column.source:
                if src not in fields:
                    fields.append(src)
        return fields

    def iter_cells(self, qs: QuerySet, *, full_ids: bool, chunk_size: int | None = None) -> Iterator[list]:
        """Cell values row by row; reads in chunks so memory stays flat whatever the row count."""
        chunk_size = chunk_size or getattr(settings, "LEDGER_CHUNK_SIZE", 2000)
        fields = self.fields()
        getters = compile_getters(self.columns, fields, full_ids=full_ids, region_names=RegionNames())
        rows = qs.order_by(*self.order_by).values_list(*fields).iterator(chunk_size=chunk_size)
        while chunk := list(islice(rows, chunk_size)):
            pks = [row[0] for row in chunk]
            extras = {name: lookup(pks) for name, lookup in self.extras.items()}
            for row in chunk:
                yield [get(row, extras) for get in getters]


class RegionNames:
    """Township and village names by region id, read once per export (the tree is small)."""

    def __init__(self):
        self._maps: dict[str, dict] = {}

    def __call__(self, level: str) -> dict:
        if not self._maps:
            regions = {
                pk: (name, parent, lvl)
                for pk, name, parent, lvl in Region.objects.exclude(level=Region.Level.GROUP).values_list(
                    "pk", "name", "parent_id", "level"
                )
            }
            self._maps["village"] = {pk: name for pk, (name, _p, _l) in regions.items()}
            self._maps["township"] = {
                pk: regions[parent][0] if parent in regions else ""
                for pk, (_n, parent, lvl) in regions.items()
                if lvl == Region.Level.VILLAGE
            }
        return self._maps[level]


LEDGERS: dict[str, Ledger] = {}


def register(ledger: Ledger) -> Ledger:
    LEDGERS[ledger.key] = ledger
    return ledger


def ledgers_for(user) -> list[Ledger]:
    return [ledger for ledger in LEDGERS.values() if ledger.allowed(user)]
