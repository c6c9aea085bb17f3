"""A department upload never stays 校验中: its job is swept, the upload fails with it, 重试 reruns."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clues.models import DepartmentUpload
from clues.tests.conftest import csv_bytes
from clues.uploads import upload_create
from common.jobs import jobs_sweep
from common.models import Job

YEAR = str(timezone.localdate().year - 1)


def test_lost_upload_fails_with_its_job_and_retry_runs_it_again(
    regions, county_user, member_in, client_for, django_capture_on_commit_callbacks
):
    member = member_in(regions["village_a"], name="张三")
    content = csv_bytes("medical_costs", [[member.person_id, "张三", YEAR, "100"]])
    # No on_commit capture: the task is never sent, as if the worker died before taking it.
    upload = upload_create(
        by=county_user, kind="medical_costs", fileobj=SimpleUploadedFile("a.csv", content), name="a.csv"
    )
    Job.objects.filter(pk=upload.job_id).update(created_at=timezone.now() - timedelta(hours=2))
    jobs_sweep()
    upload.refresh_from_db()
    assert upload.status == DepartmentUpload.Status.FAILED and "重试" in upload.message

    with django_capture_on_commit_callbacks(execute=True):
        client_for(county_user).post(reverse("common:job_retry", args=[upload.job_id]))
    upload.refresh_from_db()
    assert upload.status == DepartmentUpload.Status.DONE
    assert Job.objects.get(pk=upload.job_id).status == Job.Status.DONE
