from django.urls import reverse

from common.jobs import job_finish, job_progress, job_start
from common.models import Job, Notification
from common.notify import notify


def test_notification_with_key_is_delivered_once(cadre_a, cadre_b):
    assert notify([cadre_a, cadre_b], kind="review", message="请完成季度研判", dedupe_key="r-1") == 2
    assert notify([cadre_a, cadre_b], kind="review", message="请完成季度研判", dedupe_key="r-1") == 0
    assert Notification.objects.count() == 2


def test_unread_count_shows_and_clears(client_for, cadre_a):
    notify([cadre_a], kind="x", message="有新的预警线索")
    client = client_for(cadre_a)
    assert 'id="unread-count">1<' in client.get(reverse("home")).content.decode()
    client.post(reverse("common:notifications_read"))
    assert 'id="unread-count"' not in client.get(reverse("home")).content.decode()


def test_job_progress_and_private_download(client_for, cadre_a, cadre_b):
    job = job_start(kind="export", title="导出", by=cadre_a, total=10)
    job_progress(job.pk, add=4)
    job.refresh_from_db()
    assert (job.status, job.percent) == (Job.Status.RUNNING, 40)
    job_finish(job.pk, filename="a.xlsx", content=b"data")
    assert client_for(cadre_b).get(reverse("common:job", args=[job.pk])).status_code == 404
    assert client_for(cadre_b).get(reverse("common:job_download", args=[job.pk])).status_code == 404
    response = client_for(cadre_a).get(reverse("common:job_download", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"data"


def test_user_chooses_the_daily_digest(client_for, cadre_a):
    client = client_for(cadre_a)
    assert "改为每日汇总一封邮件" in client.get(reverse("common:notifications")).content.decode()
    client.post(reverse("common:notifications_digest"), {"digest": "1"})
    cadre_a.refresh_from_db()
    assert cadre_a.notify_digest
    client.post(reverse("common:notifications_digest"), {"digest": "0"})
    cadre_a.refresh_from_db()
    assert not cadre_a.notify_digest
