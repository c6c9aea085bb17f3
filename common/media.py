"""Private media: which stored files exist, who may read each one, and how long some are kept.

Uploads hold personal data (ID numbers, signatures, household photos). Nothing under MEDIA_ROOT is
served by a static route; ``common.media_views.private_media`` serves a file only when a record
that the user may see (``visible_to``) holds it. Each app registers its file fields at ``ready()``
(lower apps cannot import higher ones, so the registry is filled from above).

Department files and import files also have a retention period (policy ``file_retention_days``):
``files_retention_sweep`` (a beat task) deletes the stored files after it and keeps the rows.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from .policies import policy_int

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrivateFile:
    model: type[Model]
    field: str
    rows: Callable[..., QuerySet[Any]]  # rows(user) -> the records whose file ``user`` may read


@dataclass(frozen=True)
class Retained:
    model: type[Model]
    fields: tuple[str, ...]
    date_field: str


PRIVATE_FILES: list[PrivateFile] = []
RETAINED: list[Retained] = []


def register_private_file(model: type[Model], field: str, rows: Callable[..., QuerySet[Any]]) -> None:
    if not any(p.model is model and p.field == field for p in PRIVATE_FILES):
        PRIVATE_FILES.append(PrivateFile(model, field, rows))


def register_retained(model: type[Model], fields: tuple[str, ...], date_field: str = "created_at") -> None:
    if not any(r.model is model for r in RETAINED):
        RETAINED.append(Retained(model, fields, date_field))


def may_read(user: "User | AnonymousUser", name: str) -> bool:
    """True when a record ``user`` may see holds the stored file ``name``."""
    if not user.is_authenticated or not name:
        return False
    return any(
        entry.rows(user).filter(**{entry.field: name}).exists()
        for entry in PRIVATE_FILES
        if name.startswith(_folder(entry))
    )


def _folder(entry: PrivateFile) -> str:
    """The fixed start of the field's ``upload_to`` ("visits/%Y/%m/" -> "visits/"): only the
    records whose files can live there are asked."""
    upload_to = entry.model._meta.get_field(entry.field).upload_to  # type: ignore[union-attr]
    return upload_to.split("%", 1)[0] if isinstance(upload_to, str) else ""


def files_retention_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete the stored files of retained records older than the policy; the rows stay."""
    cutoff = (now or timezone.now()) - timedelta(days=policy_int("file_retention_days"))
    deleted = 0
    for entry in RETAINED:
        has_file = Q()
        for field in entry.fields:
            has_file |= ~Q(**{field: ""})
        old = entry.model._default_manager.filter(**{f"{entry.date_field}__lt": cutoff}).filter(has_file)
        for record in old.iterator():
            for field in entry.fields:
                stored = getattr(record, field)
                if stored:
                    name = stored.name
                    stored.delete(save=False)
                    log.info(
                        "retention: deleted %s of %s %s (%s)", field, entry.model.__name__, record.pk, name
                    )
                    deleted += 1
            entry.model._default_manager.filter(pk=record.pk).update(**dict.fromkeys(entry.fields, ""))
    return deleted
