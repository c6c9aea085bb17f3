"""Department uploads: receive (refuse a bad file at once), then validate and match in a job."""

import hashlib
import logging
import os

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from assistance.services.housing import housing_problem_from_department
from common.errors import ServiceError
from common.files import DATA, validate_upload
from common.jobs import failure_reason, job_fail, job_finish, job_launch, job_progress
from common.notify import notify
from regions.models import Region

from . import exports
from .datasets import KINDS, Kind, kinds_for
from .matching import drop_work_tables, match_staged
from .models import Clue, DepartmentUpload, MatchResult
from .parsing import ParseResult, Run, sniff, validate_rows
from .services import join_open_cases_for_upload
from .sqlcheck import stage_csv

log = logging.getLogger(__name__)
U = DepartmentUpload.Status


def upload_region(user, department: str) -> Region:
    """Whose register the file is matched for: the region of the uploader's department (or county)
    assignment; a superuser's is the top of the tree."""
    for assignment in user.assignments:
        own_department = assignment.role == Role.DEPARTMENT and assignment.department == department
        if own_department or assignment.role == Role.COUNTY:
            regions = list(assignment.regions.all())
            if regions:
                return regions[0]
    if user.is_superuser:
        top = Region.objects.filter(parent__isnull=True).order_by("code").first()
        if top is not None:
            return top
    raise PermissionDenied


def file_sha256(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


@transaction.atomic
def upload_create(*, by, kind: str, fileobj, name: str) -> DepartmentUpload:
    """Store the file and queue its matching; a file we cannot read is refused with nothing written."""
    if kind not in KINDS:
        raise ServiceError(_("未知的数据类型。"), code="kind", field="kind")
    if KINDS[kind] not in kinds_for(by):
        raise PermissionDenied
    dataset = KINDS[kind]
    validate_upload(fileobj, allowed=DATA, field="file")
    sniffed = sniff(fileobj, dataset)
    upload = DepartmentUpload(
        kind=kind,
        department=dataset.department,
        region=upload_region(by, dataset.department),
        uploaded_by=by,
        original_name=name[:200],
        file_format=sniffed.file_format,
        encoding=sniffed.encoding,
        sha256=file_sha256(fileobj),
        size=fileobj.size if hasattr(fileobj, "size") else 0,
    )
    upload.file.save(f"{kind}.{sniffed.file_format}", File(fileobj), save=False)
    upload.save()
    from .tasks import upload_process_task

    def discard() -> None:  # the broker is down: keep neither the upload nor its stored file
        upload.file.delete(save=False)
        DepartmentUpload.objects.filter(pk=upload.pk).delete()

    upload.job = job_launch(
        kind="clues.match",
        title=_("部门数据比对：%s") % dataset.label,
        by=by,
        task=upload_process_task,
        args=(upload.pk,),
        params={"upload": upload.pk},
        total=100,
        discard=discard,
    )
    upload.save(update_fields=["job"])
    return upload


def upload_retry_prepare(job) -> None:
    """重试 on a failed match: the upload starts again from "received" (a refused file cannot)."""
    upload = DepartmentUpload.objects.filter(job=job).first()
    if upload is None:
        return
    if upload.status == U.INVALID:
        raise ServiceError(_("文件校验未通过，请改正后重新上传。"), code="invalid_file")
    DepartmentUpload.objects.filter(pk=upload.pk).update(status=U.RECEIVED, message="", finished_at=None)


def uploads_sweep() -> int:
    """An upload whose job was failed (worker killed, time limit) ends as failed with that reason."""
    from common.models import Job

    stuck = DepartmentUpload.objects.filter(
        status__in=(U.RECEIVED, U.VALIDATING, U.MATCHING), job__status=Job.Status.FAILED
    ).select_related("job")
    count = 0
    for upload in stuck:
        count += DepartmentUpload.objects.filter(pk=upload.pk, status=upload.status).update(
            status=U.FAILED, message=upload.job.message if upload.job else "", finished_at=timezone.now()
        )
        log.warning("department upload %s swept as failed", upload.pk)
    return count


def upload_process(upload_id: int) -> DepartmentUpload:
    """Validate every row, then match. Idempotent: a finished upload is left alone, and a run that
    died midway left nothing (one transaction), so it simply starts again."""
    claimed = DepartmentUpload.objects.filter(
        pk=upload_id, status__in=(U.RECEIVED, U.VALIDATING, U.MATCHING)
    ).update(status=U.VALIDATING)
    upload = DepartmentUpload.objects.select_related("region", "job").get(pk=upload_id)
    if not claimed:
        return upload
    job_id = upload.job_id

    def progress(fraction: float) -> None:
        if job_id:
            job_progress(job_id, done=int(fraction * 100))

    kind = KINDS[upload.kind]
    parsed = None
    try:
        # On PostgreSQL a CSV file is checked and matched in ONE transaction: its rows, resolved
        # against the register by the check, are read back by the same transaction (a second one
        # would first rewrite every page of them to mark the first as committed). Other files are
        # validated with progress first, then matched in a transaction of their own.
        counts = None
        with transaction.atomic():
            parsed = validate_in_sql(upload, kind)
            if parsed is not None:
                progress(0.6)
                counts = refuse_or_match(upload, kind, parsed, progress)
        if parsed is None:
            parsed = validate_streaming(upload, kind, progress)
            counts = refuse_or_match(upload, kind, parsed, progress)
        if counts is not None:
            notify_townships(upload)
            if job_id:
                job_finish(job_id, message=summary_text(counts))
    except ServiceError as exc:  # found midway: an encoding error deep in the file
        DepartmentUpload.objects.filter(pk=upload.pk).update(
            status=U.INVALID, message=exc.message, finished_at=timezone.now()
        )
        if job_id:
            job_fail(job_id, exc.message)
    except Exception as exc:
        log.exception("department upload %s failed", upload.pk)
        message = _("比对失败：%s") % failure_reason(exc)
        DepartmentUpload.objects.filter(pk=upload.pk).update(
            status=U.FAILED, message=message, finished_at=timezone.now()
        )
        if job_id:
            job_fail(job_id, message)
        raise
    finally:
        if parsed and parsed.staging_path and os.path.exists(parsed.staging_path):
            os.unlink(parsed.staging_path)
        drop_work_tables(upload.pk)
    upload.refresh_from_db()
    return upload


def refuse_or_match(upload: DepartmentUpload, kind: Kind, parsed: ParseResult, progress) -> dict | None:
    """A file with any error is refused whole (None); a clean one is matched, its results, clues,
    housing problems and counts written in one transaction (the caller's, when it has one), and
    its counts returned."""
    if parsed.error_count or not parsed.rows:
        refuse(upload, parsed)
        return None
    DepartmentUpload.objects.filter(pk=upload.pk).update(status=U.MATCHING, rows=parsed.rows)
    with transaction.atomic():
        MatchResult.objects.filter(upload=upload).delete()
        outcome = match_staged(upload, kind, parsed.staging_path or None, parsed.rows, progress)
        join_open_cases_for_upload(upload.pk)  # a monitored household's clue joins its case
        open_housing_problems(upload)
        counts = summarise(outcome)
        DepartmentUpload.objects.filter(pk=upload.pk).update(
            status=U.DONE, counts=counts, finished_at=timezone.now(), message=""
        )
    return counts


def validate_in_sql(upload: DepartmentUpload, kind: Kind) -> ParseResult | None:
    """PostgreSQL and a CSV that COPY takes as it is: every row checked set-wise in SQL
    (``clues.sqlcheck``: the rows left staged and resolved, ``staging_path`` empty). None otherwise."""
    if connection.vendor != "postgresql":
        return None
    with upload.file.open("rb") as fileobj, connection.cursor() as cursor:
        return stage_csv(cursor, upload.pk, fileobj, kind, sniff(fileobj, kind), Run())


def validate_streaming(upload: DepartmentUpload, kind: Kind, progress) -> ParseResult:
    """Every row read and cleaned one by one into a staging CSV (any database, any format)."""
    with upload.file.open("rb") as fileobj:
        return validate_rows(fileobj, kind, sniff(fileobj, kind), lambda f: progress(f * 0.6), Run())


def open_housing_problems(upload: DepartmentUpload) -> int:
    """A 住建 appraisal's C/D rows also open problems in the housing ledger (assistance)."""
    opened = 0
    unsafe = Clue.objects.filter(upload=upload, rule="housing_unsafe", household__isnull=False)
    for clue in unsafe.select_related("household"):
        grade = str((clue.evidence or {}).get("code") or "")
        if housing_problem_from_department(household=clue.household, found_on=clue.found_on, grade=grade):
            opened += 1
    return opened


def refuse(upload: DepartmentUpload, parsed) -> DepartmentUpload:
    if not parsed.rows:
        message = _("文件只有表头，没有数据行。")
    else:
        first = parsed.errors[0]
        message = _(
            "共%(count)d处错误，未写入任何数据。例如：第%(row)d行“%(col)s”：%(reason)s 请下载错误报告，改正后重新上传。"
        ) % {
            "count": parsed.error_count,
            "row": first[0],
            "col": first[1],
            "reason": first[3],
        }
    upload.status, upload.message, upload.rows = U.INVALID, message, parsed.rows
    upload.error_count, upload.finished_at = parsed.error_count, timezone.now()
    if parsed.errors:
        upload.error_report.save(
            f"errors_{upload.pk}.xlsx", ContentFile(exports.error_report(parsed.errors)), save=False
        )
    upload.save()
    if upload.job_id:
        job_fail(upload.job_id, message)
    return upload


def notify_townships(upload: DepartmentUpload) -> None:
    """Tell each township how many new clues of this upload wait for it to dispatch."""
    from django.urls import reverse

    from accounts.models import User

    for township_id, count in new_clues_per_township(upload.pk):
        users = User.objects.filter(
            is_active=True, role_assignments__role=Role.TOWNSHIP, role_assignments__regions=township_id
        ).distinct()
        notify(
            users,
            kind="clues_new",
            message=_("%(kind)s比对新增%(n)d条预警线索，请及时分派到村核验。")
            % {"kind": upload.kind_label, "n": count},
            link=reverse("clues:list") + "?tab=dispatch",
            dedupe_key=f"upload-{upload.pk}-clues-{township_id}",
        )


def new_clues_per_township(upload_id: int) -> list[tuple[int, int]]:
    """(township id, new clues) of an upload. Its clues' households are looked up in id order (a
    materialised, sorted CTE drives the join): tens of thousands of lookups then walk the
    household table forwards instead of jumping about it (about half the time)."""
    from households.models import Household

    from .models import Clue

    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH c AS MATERIALIZED (SELECT household_id FROM {Clue._meta.db_table} WHERE upload_id = %s "
            f"AND status = %s ORDER BY household_id) SELECT v.parent_id, count(*) FROM c "
            f"JOIN {Household._meta.db_table} h ON h.id = c.household_id "
            f"JOIN {Region._meta.db_table} v ON v.id = h.village_id GROUP BY v.parent_id",
            [upload_id, Clue.Status.NEW],
        )
        return cursor.fetchall()


def summarise(outcome: dict) -> dict:
    """The upload's counts: rows per outcome (every outcome named, 0 when none) and the new clues."""
    return {**dict.fromkeys(MatchResult.Outcome.values, 0), **outcome}


def summary_text(counts: dict) -> str:
    return (
        _(
            "匹配%(matched)d行，不在库%(unmatched)d行，姓名不一致%(name_differs)d行，需更正%(correction)d处，新增线索%(new_clues)d条。"
        )
        % counts
    )
