"""Tasks start on commit from the services, never from the views; ``export_start`` alone decides
"download now or job" (issue 14)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.errors import ServiceError
from common.models import Job
from ledgers.import_services import import_queue_commit, import_start
from ledgers.models import ExportLog, ImportRun
from ledgers.services import Download, export_start

from .test_import import good_rows, xlsx

MEMBERS = {"ledger": "members", "filters": {}}


def test_small_export_downloads_now_without_a_job(county_user, register, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        started = export_start(kind="ledger_export", by=county_user, params=MEMBERS)
    assert isinstance(started, Download) and started.filename.endswith(".xlsx")
    started.file.close()
    assert queued == [] and not Job.objects.exists() and ExportLog.objects.count() == 1


def test_large_export_becomes_a_job_whose_task_starts_on_commit(
    county_user, register, settings, django_capture_on_commit_callbacks
):
    settings.LEDGER_SYNC_MAX_ROWS = 2
    with django_capture_on_commit_callbacks() as queued:
        job = export_start(kind="ledger_export", by=county_user, params=MEMBERS)
    assert isinstance(job, Job) and job.kind == "ledger_export" and job.total == 8
    assert len(queued) == 1 and not ExportLog.objects.exists()  # nothing ran before the commit
    queued[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and ExportLog.objects.get().job == job


def test_export_refused_before_any_job(cadre_a, regions, settings, django_capture_on_commit_callbacks):
    settings.LEDGER_SYNC_MAX_ROWS = 0
    params = {"ledger": "members", "filters": {"region": regions["village_b"].code}}
    with django_capture_on_commit_callbacks() as queued, pytest.raises(ServiceError) as refused:
        export_start(kind="ledger_export", by=cadre_a, params=params)
    assert refused.value.field == "region" and queued == [] and not Job.objects.exists()


def test_import_start_queues_the_dry_run_on_commit(cadre_a, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("h.xlsx", xlsx(good_rows()))
    with django_capture_on_commit_callbacks() as queued:
        run = import_start(kind="households", upload=upload, by=cadre_a)
    assert len(queued) == 1 and run.status == ImportRun.Status.VALIDATING
    queued[0]()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.VALID


def test_import_commit_is_queued_once_on_commit(cadre_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = import_start(
            kind="households", upload=SimpleUploadedFile("h.xlsx", xlsx(good_rows())), by=cadre_a
        )
    with django_capture_on_commit_callbacks() as queued:
        import_queue_commit(run=run, by=cadre_a)
        with pytest.raises(ServiceError):
            import_queue_commit(run=run, by=cadre_a)  # a double click
    assert len(queued) == 1
    queued[0]()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
