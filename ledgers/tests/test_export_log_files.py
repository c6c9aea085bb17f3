"""导出记录 offers the file of a job export to its creator while it is kept (issue 17), and a file
answer tells the waiting page that its download arrived (the busy state of export buttons)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from common.downloads import COOKIE
from common.media import files_retention_sweep
from common.models import Job
from ledgers.models import ExportLog

from .test_export import export, post_committed


def _job_export(client, settings):
    settings.LEDGER_SYNC_MAX_ROWS = 2
    response = post_committed(client, reverse("ledgers:export", args=["members"]))
    assert response.status_code == 302
    return ExportLog.objects.get().job


def test_log_links_the_creator_to_a_kept_job_file(client_for, county_user, register, settings):
    client = client_for(county_user)
    job = _job_export(client, settings)
    html = client.get(reverse("ledgers:log")).content.decode()
    assert reverse("common:job_download", args=[job.pk]) in html
    assert client.get(reverse("common:job_download", args=[job.pk])).status_code == 200


def test_log_offers_no_link_for_someone_elses_file(client_for, county_user, register, settings, regions):
    from accounts.models import Role
    from conftest import make_user

    job = _job_export(client_for(county_user), settings)
    colleague = make_user("county_colleague", Role.COUNTY, regions["county"])
    html = client_for(colleague).get(reverse("ledgers:log")).content.decode()
    assert reverse("common:job_download", args=[job.pk]) not in html
    assert client_for(colleague).get(reverse("common:job_download", args=[job.pk])).status_code == 404


def test_an_expired_file_is_swept_and_shown_as_gone(client_for, county_user, register, settings):
    client = client_for(county_user)
    job = _job_export(client, settings)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    assert files_retention_sweep() == 1
    job.refresh_from_db()
    assert not job.result
    html = client.get(reverse("ledgers:log")).content.decode()
    assert reverse("common:job_download", args=[job.pk]) not in html
    assert "已过保存期" in html


def test_a_sync_export_answers_the_download_token(client_for, county_user, register):
    client = client_for(county_user)
    response = client.post(reverse("ledgers:export", args=["cases"]), {"download_token": "a1b2c3d4e5f6"})
    assert response.status_code == 200
    assert response.cookies[COOKIE].value == "a1b2c3d4e5f6"


def test_a_malformed_token_is_not_echoed(client_for, county_user, register):
    client = client_for(county_user)
    response = client.post(reverse("ledgers:export", args=["cases"]), {"download_token": "<script>x"})
    assert COOKIE not in response.cookies
    export(client, "cases")  # the plain export still works


def test_export_form_asks_for_the_busy_state(client_for, county_user, register):
    html = client_for(county_user).get(reverse("ledgers:export", args=["cases"])).content.decode()
    assert 'data-busy="正在导出，请稍候…"' in html
