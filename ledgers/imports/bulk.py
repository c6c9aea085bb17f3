"""Inserting many new rows with their history: COPY on PostgreSQL, bulk_create elsewhere.

``bulk_create_with_history`` spends most of 100,000 rows preparing SQL parameters in Python;
COPY streams the same values as text, several times faster. Each inserted row gets its "+"
history row (who, when, reason) exactly as django-simple-history writes it.
"""

import io
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

CHUNK = 5000


def _escape(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_objects(model, objects) -> None:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    buffer = io.StringIO()
    for obj in objects:
        values = (_escape(f.get_db_prep_save(getattr(obj, f.attname), connection)) for f in fields)
        buffer.write("\t".join(values) + "\n")
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN", buffer
        )


def _chunks(objects: Iterable) -> Iterator[list]:
    iterator = iter(objects)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def insert_with_history(model, objects: Iterable, *, key: str, by, reason: str) -> None:
    """Insert ``objects`` (new, unsaved; any iterable, consumed a chunk at a time so that a
    generator never holds more than one chunk of model instances) and their history; ``key`` is
    a unique field to find the ids."""
    now = timezone.now()
    for chunk in _chunks(objects):
        if connection.vendor == "postgresql":
            _copy_with_history(model, chunk, key=key, by=by, reason=reason, now=now)
        else:
            bulk_create_with_history(
                chunk, model, batch_size=2000, default_user=by, default_change_reason=reason
            )


def _copy_with_history(model, objects: list, *, key: str, by, reason: str, now) -> None:
    stamped = [
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objects:
        for name in stamped:
            setattr(obj, name, now)
    copy_objects(model, objects)
    keys = [getattr(obj, key) for obj in objects]
    ids = dict(model.objects.filter(**{f"{key}__in": keys}).values_list(key, "pk"))
    history = model.history.model
    own = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    rows = []
    for obj in objects:
        row = history(
            id=ids[getattr(obj, key)],
            history_date=now,
            history_change_reason=reason,
            history_type="+",
            history_user_id=by.pk,
        )
        for name in own:
            setattr(row, name, getattr(obj, name))
        rows.append(row)
    copy_objects(history, rows)
