"""Jobs always end: broker down answers at once, a silent job is swept as failed, 重试 requeues."""

import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from common.errors import ServiceError
from common.jobs import job_finish, job_launch, job_progress, jobs_sweep
from common.models import Job, Notification
from common.tasks import echo


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def launch(user, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return job_launch(kind="export", title="导出台账", by=user, task=echo, args=["x"], **kwargs)


def test_broker_down_answers_with_a_message_and_leaves_no_job(cadre_a, django_capture_on_commit_callbacks):
    with mock.patch.object(echo, "apply_async", side_effect=OperationalError("connection refused")):
        with pytest.raises(ServiceError) as refused:
            launch(cadre_a, django_capture_on_commit_callbacks)
    assert "无法连接" in refused.value.message
    assert not Job.objects.exists()


def test_unreachable_broker_fails_fast_with_a_message():
    """Our settings (no publish retry, short connect timeout) against a port nothing listens on."""
    from celery import Celery

    from common.jobs import send_task

    app = Celery("broker-down-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)

    @app.task(name="broker_down_test.echo", shared=False)
    def task(value: str) -> str:
        return value

    started = time.monotonic()
    with pytest.raises(ServiceError, match="无法连接"):
        send_task(task, ["x"])
    assert time.monotonic() - started < 10


def test_department_upload_with_broker_down_keeps_nothing(county_user, django_capture_on_commit_callbacks):
    from clues.datasets import KINDS
    from clues.models import DepartmentUpload
    from clues.tasks import upload_process_task
    from clues.uploads import upload_create

    content = (",".join(KINDS["medical_costs"].headers) + "\n").encode()
    with mock.patch.object(upload_process_task, "apply_async", side_effect=OperationalError("down")):
        with pytest.raises(ServiceError, match="无法连接"):
            with django_capture_on_commit_callbacks(execute=True):
                upload_create(
                    by=county_user,
                    kind="medical_costs",
                    fileobj=SimpleUploadedFile("a.csv", content),
                    name="a.csv",
                )
    assert not DepartmentUpload.objects.exists() and not Job.objects.exists()


def test_progress_moves_the_heartbeat(cadre_a, django_capture_on_commit_callbacks):
    job = launch(cadre_a, django_capture_on_commit_callbacks)
    assert job.heartbeat_at is None
    job_progress(job.pk, done=3)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.heartbeat_at is not None


def test_sweeper_fails_a_silent_job_and_retry_requeues_it(
    cadre_a, client_for, django_capture_on_commit_callbacks
):
    job = launch(cadre_a, django_capture_on_commit_callbacks)
    job_progress(job.pk, done=3)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=30))
    assert jobs_sweep() >= 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "中断" in job.message
    assert Notification.objects.filter(recipient=cadre_a, kind="job_failed").exists()

    client = client_for(cadre_a)
    page = client.get(reverse("common:job", args=[job.pk])).content.decode()
    assert "重试" in page and reverse("common:job_retry", args=[job.pk]) in page
    with mock.patch.object(echo, "apply_async") as sent:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("common:job_retry", args=[job.pk]))
    assert response.status_code == 302
    sent.assert_called_once_with(args=["x"], retry=False)
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING and job.done == 0 and job.message == ""


def test_a_job_with_a_fresh_heartbeat_is_not_swept(cadre_a, django_capture_on_commit_callbacks):
    job = launch(cadre_a, django_capture_on_commit_callbacks)
    job_progress(job.pk, done=1)
    jobs_sweep()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_a_pending_job_nobody_took_is_swept(cadre_a, django_capture_on_commit_callbacks):
    job = launch(cadre_a, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=3))
    jobs_sweep()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "排队" in job.message


def test_a_late_worker_does_not_revive_a_swept_job(cadre_a, django_capture_on_commit_callbacks):
    job = launch(cadre_a, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)
    job_progress(job.pk, done=5)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_retry_is_refused_to_someone_else(cadre_a, cadre_b, client_for, django_capture_on_commit_callbacks):
    job = launch(cadre_a, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)
    assert client_for(cadre_b).post(reverse("common:job_retry", args=[job.pk])).status_code == 404


def test_owner_is_notified_when_a_job_finishes(cadre_a, django_capture_on_commit_callbacks):
    job = launch(cadre_a, django_capture_on_commit_callbacks)
    job_finish(job.pk, message="共导出 3 行。")
    note = Notification.objects.get(recipient=cadre_a, kind="job_done")
    assert "导出台账" in note.message and note.link == reverse("common:job", args=[job.pk])


def test_sweeper_is_on_the_beat_schedule(settings):
    assert any(e["task"] == "common.tasks.jobs_sweep" for e in settings.CELERY_BEAT_SCHEDULE.values())
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    longest = settings.JOBS_LONGEST_TASK_SECONDS
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > longest


def test_visibility_timeout_outlasts_every_task_time_limit(settings):
    from config.celery import app

    app.loader.import_default_modules()
    limits = [t.time_limit or 0 for name, t in app.tasks.items() if not name.startswith("celery.")]
    assert max(limits) <= settings.JOBS_LONGEST_TASK_SECONDS


def test_a_job_queued_without_launch_becomes_retryable_once_its_task_starts(cadre_a):
    from common.jobs import job_begin, job_fail, job_start

    job = job_start(kind="export", title="导出", by=cadre_a)
    job_begin(job.pk, task=echo, args=["x"])
    job_fail(job.pk, "中断")
    job.refresh_from_db()
    assert job.retryable and job.task_args == ["x"] and job.heartbeat_at is not None


@pytest.mark.django_db(transaction=True)
def test_department_upload_page_with_broker_down_answers_at_once(county_user, client_for, settings):
    """Real commits (no test transaction): the refusal surfaces inside the request as the form's error."""
    from clues.datasets import KINDS
    from clues.models import DepartmentUpload
    from clues.tasks import upload_process_task

    content = (",".join(KINDS["medical_costs"].headers) + "\n").encode()
    with mock.patch.object(upload_process_task, "apply_async", side_effect=OperationalError("down")):
        response = client_for(county_user).post(
            reverse("clues:uploads"),
            {"kind": "medical_costs", "file": SimpleUploadedFile("a.csv", content)},
        )
    assert response.status_code == 200 and "无法连接" in response.content.decode()
    assert not DepartmentUpload.objects.exists() and not Job.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]  # stored file removed
