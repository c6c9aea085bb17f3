"""An import run always ends: a worker that dies or hits a limit leaves 导入失败 with the reason."""

from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.utils import timezone

from common.jobs import jobs_sweep
from ledgers import import_services
from ledgers.import_services import import_validate
from ledgers.models import ImportRun


def make_run(user, status=ImportRun.Status.VALIDATING) -> ImportRun:
    run = ImportRun(kind="households", original_name="a.xlsx", created_by=user, status=status)
    run.file.save("a.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return run


def test_a_run_whose_worker_died_is_swept_as_failed(cadre_a):
    run = make_run(cadre_a)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    jobs_sweep()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and "中断" in run.message


def test_a_run_just_started_is_left_alone(cadre_a):
    run = make_run(cadre_a, status=ImportRun.Status.COMMITTING)
    jobs_sweep()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTING


def test_a_validation_over_its_time_limit_ends_failed_with_the_reason(cadre_a):
    run = make_run(cadre_a)
    with mock.patch.object(import_services, "_validate", side_effect=SoftTimeLimitExceeded()):
        with pytest.raises(SoftTimeLimitExceeded):
            import_validate(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and "超时" in run.message
