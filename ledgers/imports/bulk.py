"""Inserting many new rows with their history: COPY on PostgreSQL, ``executemany`` elsewhere.

Rows go in as plain values (a dict of field values per row, model defaults for the rest), not as
model instances: building 100,000 instances and their history instances, and preparing each
value through its field, cost more than the database's own work. Each inserted row gets its "+"
history row (who, when, reason) exactly as django-simple-history writes it.
"""

import datetime
import io
import operator
from collections.abc import Sequence

from django.db import connection
from django.db.models import F, Lookup, Manager, QuerySet

CHUNK = 5000


def where_in(queryset: QuerySet | Manager, field: str, keys: Sequence) -> QuerySet:
    """``queryset.filter(<field>__in=keys)`` for thousands of keys. On PostgreSQL the keys go as one
    array parameter (``= ANY(%s)``): Django prepares every element of an ``__in`` list one by one,
    which for 5,000 keys costs more than the query itself."""
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{field}__in": keys})
    return queryset.filter(_Any(F(field), list(keys)))


class _Any(Lookup):
    """``field = ANY(%s)`` with the whole list as one parameter (psycopg sends it as an array)."""

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def _copy_text(value, memo: dict) -> str:
    """One value in COPY's text format (the types the import writes; anything else is a bug).
    ``memo`` keeps the text of repeated non-string values (the same timestamp in every row)."""
    if type(value) is str:
        if "\\" in value or not value.isprintable():  # tab, newline … are not printable
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = memo.get(value)
    if text is None:
        if isinstance(value, str):  # a TextChoices member: its plain value
            text = _copy_text(str.__str__(value), memo)
        elif isinstance(value, int | datetime.date):  # a datetime is a date: ISO text, offset
            text = str(value)
        else:
            raise TypeError(f"no COPY text for {type(value).__name__}")
        memo[value] = text
    return text


def _write(model, fields: Sequence, rows: Sequence[tuple]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            memo: dict = {}
            buffer.writelines("\t".join([_copy_text(v, memo) for v in row]) + "\n" for row in rows)
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
        else:
            marks = ", ".join(["%s"] * len(fields))
            prepared = [
                [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)] for row in rows
            ]
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)


def _own_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


class Rows:
    """Makes full rows of ``model`` from source tuples (values of ``names``; ``absent`` where the
    source has no value): the field's default where there is none, ``now`` for auto dates. One
    C-level ``itemgetter`` per row, so 100,000 rows cost milliseconds rather than seconds."""

    def __init__(self, model, names: Sequence[str], *, now, absent: object = None):
        self.model, self.now, self.absent = model, now, absent
        self.fields = _own_fields(model)
        self.attnames = [f.attname for f in self.fields]
        auto = {
            f.attname
            for f in self.fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        }
        self.defaults = tuple(now if f.attname in auto else f.get_default() for f in self.fields)
        position = {name: i for i, name in enumerate(names)}
        if unknown := set(names) - set(self.attnames):
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        # Positions in ``source + defaults``: the source's value when it has the field, else the default.
        self.pick = operator.itemgetter(
            *(
                position[name] if name in position and name not in auto else len(names) + i
                for i, name in enumerate(self.attnames)
            )
        )

    def __call__(self, source: tuple) -> tuple:
        row = self.pick(source + self.defaults)
        if self.absent is not None and self.absent in row:
            row = tuple(d if v is self.absent else v for v, d in zip(row, self.defaults, strict=True))
        return row


def insert_with_history(rows: Rows, sources: Sequence[tuple], *, key: str, by, reason: str) -> dict:
    """Insert the rows made from ``sources`` with their "+" history rows (who, when, reason), a
    chunk at a time; ``key`` is a unique field. Returns {key value: pk}."""
    model = rows.model
    history = model.history.model
    history_fields = _own_fields(history)
    # A history row is picked from: the model row, its id, then when/why/what/who.
    extra = ("history_date", "history_change_reason", "history_type", "history_user_id")
    position = {name: i for i, name in enumerate([*rows.attnames, "id", *extra])}
    history_row = operator.itemgetter(*(position[f.attname] for f in history_fields))
    tail = (rows.now, reason, "+", by.pk)
    at = rows.attnames.index(key)
    ids: dict = {}
    for start in range(0, len(sources), CHUNK):
        chunk = [rows(source) for source in sources[start : start + CHUNK]]
        _write(model, rows.fields, chunk)
        found = dict(where_in(model.objects, key, [row[at] for row in chunk]).values_list(key, "pk"))
        ids.update(found)
        _write(history, history_fields, [history_row((*row, found[row[at]], *tail)) for row in chunk])
    return ids
