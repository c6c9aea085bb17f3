"""Department systems push records (实时联网, issue 18): the same pipeline as a file upload.

``records_push`` checks the batch (at most ``MAX_BATCH`` records, each with the department's own
``record_id``) with the same cleaners as a file (``clues.parsing``); any error refuses the whole
batch, naming each record by its id, and writes nothing — like a file with errors. Records are
kept by (department, kind, record_id): a record pushed again with the same values is *unchanged*
and not matched again; with other values it is *updated* and matched again (its clue keeps its
dedupe key, so the same signal raises no second clue). New and updated records become one
``DepartmentUpload`` (``via=api``, its file the CSV of those records in the kind's template
columns) that ``clues.uploads.upload_process`` validates and matches inline, exactly as a worker
does a file: results, corrections, clues, notifications.
"""

import csv
import hashlib
import io
import json

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from common.errors import ServiceError

from .datasets import KINDS, SLOTS, Kind
from .models import DepartmentRecord, DepartmentUpload, MatchResult
from .parsing import Run, clean_value

MAX_BATCH = 10_000
MAX_RECORD_ID = 64


class RecordsInvalid(ServiceError):
    """Some records of the batch are not valid: ``errors`` maps ``records.<i>.<field>`` to messages."""

    def __init__(self, message: str, errors: dict[str, list[str]]) -> None:
        super().__init__(message, code="invalid_records")
        self.errors = errors


def push_kind(by, kind_code: str) -> Kind:
    """The kind, if ``by`` is a department user of its department (anyone else: 403)."""
    if kind_code not in KINDS:
        raise ServiceError(_("未知的数据类型。"), code="kind", field="kind")
    kind = KINDS[kind_code]
    if not by.has_role(Role.DEPARTMENT) or kind.department not in by.departments:
        raise PermissionDenied
    return kind


def clean_records(kind: Kind, records: list) -> list[tuple[str, dict[str, str]]]:
    """(record_id, cleaned values by slot) per record; raises ``RecordsInvalid`` naming each record."""
    if not records:
        raise ServiceError(_("本批没有记录。"), code="empty", field="records")
    if len(records) > MAX_BATCH:
        raise ServiceError(
            _("每批最多%(max)d条记录，本批%(n)d条，请分批推送。") % {"max": MAX_BATCH, "n": len(records)},
            code="batch_too_large",
            field="records",
        )
    run = Run()
    errors: dict[str, list[str]] = {}
    cleaned: list[tuple[str, dict[str, str]]] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            errors[f"records.{index}"] = [_("第%d条记录应为对象。") % (index + 1)]
            continue
        raw_id = record.get("record_id")
        record_id = (
            str(raw_id).strip() if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else ""
        )
        label = record_id or _("第%d条") % (index + 1)
        if not record_id or len(record_id) > MAX_RECORD_ID:
            errors[f"records.{index}.record_id"] = [
                _("记录%(id)s：部门记录编号必填，最多%(max)d个字符。") % {"id": label, "max": MAX_RECORD_ID}
            ]
        elif record_id in seen:
            errors[f"records.{index}.record_id"] = [_("记录%s：同一批中记录编号重复。") % label]
        seen.add(record_id)
        values = dict.fromkeys(SLOTS, "")
        for column in kind.columns:
            raw = record.get(column.slot)
            if isinstance(raw, dict | list):  # JSON objects and arrays are not cell values
                errors[f"records.{index}.{column.slot}"] = [
                    _("记录%(id)s“%(col)s”：应为文字或数字。") % {"id": label, "col": column.header}
                ]
                continue
            try:
                values[column.slot] = clean_value(column, raw, run)
            except Exception as exc:  # ValidationError: its Chinese message, named by record and column
                message = getattr(exc, "messages", [str(exc)])[0]
                errors[f"records.{index}.{column.slot}"] = [
                    _("记录%(id)s“%(col)s”：%(reason)s")
                    % {"id": label, "col": column.header, "reason": message}
                ]
        cleaned.append((record_id, values))
    if errors:
        raise RecordsInvalid(
            _("共%(n)d处错误，本批未写入任何数据。请改正后重新推送整批。") % {"n": len(errors)}, errors
        )
    return cleaned


def digest(values: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def batch_csv(kind: Kind, rows: list[dict[str, str]]) -> bytes:
    """The records as a file of the kind's template (the upload's file, matched like any other)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(kind.headers)
    for values in rows:
        writer.writerow([values[c.slot] for c in kind.columns])
    return out.getvalue().encode("utf-8")


RECORD_COLUMNS = (
    "department",
    "kind",
    "record_id",
    "region_id",
    "person_id",
    '"values"',
    "digest",
    "upload_id",
    "row_number",
    "outcome",
    "findings",
    "pushed_by_id",
    "created_at",
    "updated_at",
)
UPDATED_ON_CONFLICT = RECORD_COLUMNS[3:12] + ("updated_at",)


def keep_records(dataset: Kind, by, region, upload: DepartmentUpload, kept: list[tuple]) -> None:
    """Insert or update the pushed records set-wise (``ON CONFLICT`` on the department's record
    id), then one history row each (+ created, ~ changed), as simple_history would write them."""
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now) if connection.vendor == "sqlite" else now
    rows = [
        (
            dataset.department,
            dataset.code,
            record_id,
            region.pk,
            person_id,
            json.dumps(values, ensure_ascii=False),
            signature,
            upload.pk,
            number,
            outcome,
            json.dumps(found, ensure_ascii=False),
            by.pk,
            stamp,
            stamp,
        )
        for record_id, person_id, values, signature, number, outcome, found in kept
    ]
    table = DepartmentRecord._meta.db_table
    history = DepartmentRecord.history.model._meta.db_table  # simple_history
    conflict = "ON CONFLICT (department, kind, record_id) DO UPDATE SET " + ", ".join(
        f"{c} = EXCLUDED.{c}" for c in UPDATED_ON_CONFLICT
    )
    copied = (
        'id, department, kind, record_id, person_id, "values", digest, row_number, outcome, findings, '
        "created_at, updated_at, pushed_by_id, region_id, upload_id"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY into a scratch table, then one upsert
            scratch = f"clues_push_{upload.pk}"
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "
                f"SELECT {', '.join(RECORD_COLUMNS)} FROM {table} WITH NO DATA"
            )
            text = io.StringIO()
            csv.writer(text).writerows(rows)
            text.seek(0)
            cursor.cursor.copy_expert(
                f"COPY {scratch} ({', '.join(RECORD_COLUMNS)}) FROM STDIN WITH (FORMAT csv)", text
            )
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(RECORD_COLUMNS)}) SELECT {', '.join(RECORD_COLUMNS)} "
                f"FROM {scratch} {conflict}"
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(RECORD_COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * len(RECORD_COLUMNS))}) {conflict}",
                rows,
            )
        cursor.execute(
            f"INSERT INTO {history} ({copied}, history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {copied}, %s, NULL, CASE WHEN created_at = %s THEN '+' ELSE '~' END, %s "
            f"FROM {table} WHERE upload_id = %s",
            [stamp, stamp, by.pk, upload.pk],
        )


def records_push(*, by, kind: str, records: list) -> dict:
    """Check, match and keep one batch; the report the API answers with."""
    from .uploads import file_sha256, upload_process, upload_region

    dataset = push_kind(by, kind)
    cleaned = clean_records(dataset, records)
    region = upload_region(by, dataset.department)
    known = dict(  # record_id → digest of what was last pushed
        DepartmentRecord.objects.filter(
            department=dataset.department, kind=dataset.code, record_id__in=[rid for rid, _v in cleaned]
        ).values_list("record_id", "digest")
    )
    changes: dict[str, str] = {}
    to_match: list[tuple[str, dict[str, str], str]] = []
    for record_id, values in cleaned:
        signature = digest(values)
        if known.get(record_id) == signature:
            changes[record_id] = DepartmentRecord.Change.UNCHANGED
            continue
        changes[record_id] = (
            DepartmentRecord.Change.UPDATED if record_id in known else DepartmentRecord.Change.CREATED
        )
        to_match.append((record_id, values, signature))

    report: dict = {
        "upload": None,
        "received": len(cleaned),
        **{c: sum(1 for v in changes.values() if v == c) for c in DepartmentRecord.Change.values},
        "counts": {},
        "results": [],
    }
    if not to_match:
        return report

    content = batch_csv(dataset, [values for _rid, values, _sig in to_match])
    stored = ContentFile(content, name=f"{dataset.code}.csv")
    upload = DepartmentUpload(
        kind=dataset.code,
        department=dataset.department,
        via=DepartmentUpload.Via.API,
        region=region,
        uploaded_by=by,
        original_name=_("接口推送（%d条）") % len(to_match),
        file_format="csv",
        encoding="utf-8",
        sha256=file_sha256(stored),
        size=len(content),
    )
    upload.file.save(f"{dataset.code}.csv", stored, save=False)
    upload.save()
    upload = upload_process(upload.pk)
    if upload.status != DepartmentUpload.Status.DONE:  # checked above: only a failure midway
        raise ServiceError(upload.message or _("比对失败，请稍后重新推送。"), code="match_failed")

    row_of = {record_id: number for number, (record_id, _v, _s) in enumerate(to_match, start=2)}
    findings: dict[int, list[list[str]]] = {}
    for number, outcome, rule in (
        MatchResult.objects.filter(upload=upload)
        .order_by("row_number", "pk")
        .values_list("row_number", "outcome", "rule")
    ):
        findings.setdefault(number, []).append([outcome, rule])
    kept = []
    for record_id, values, signature in to_match:
        number = row_of[record_id]
        found = findings.get(number, [])
        unmatched = any(o == MatchResult.Outcome.UNMATCHED for o, _r in found)
        outcome = MatchResult.Outcome.UNMATCHED if unmatched else MatchResult.Outcome.MATCHED
        kept.append((record_id, values["person_id"], values, signature, number, outcome, found))
        report["results"].extend({"record_id": record_id, "outcome": o, "rule": r} for o, r in found)
    keep_records(dataset, by, region, upload, kept)
    report["upload"] = upload.pk
    report["counts"] = {k: v for k, v in upload.counts.items() if k != "timings"}
    return report
