"""Issue 17 item 5: every case event tells the next step's users and the village, on commit."""

import datetime

from django.core import mail
from django.urls import reverse

from common.models import Notification
from monitoring.services import case_reject, case_return

from .conftest import end_notice


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))


def test_a_case_at_the_township_step_tells_the_township_and_not_the_other_village(
    nominated, walk, cadre_a, cadre_b, township_user, county_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk(nominated, 4)
    name = nominated.household.head_name
    assert any(f"{name}户已到“乡镇联合审核”" in m for m in inbox(township_user))
    assert inbox(cadre_b) == [] and inbox(county_user) == []
    assert inbox(cadre_a) == []  # the cadre acted: no notice to oneself


def test_county_approval_goes_back_to_the_village(
    nominated, walk, cadre_a, county_user, django_capture_on_commit_callbacks
):
    case = walk(nominated, 5)
    with django_capture_on_commit_callbacks(execute=True):
        walk(case, 6)
    assert f"{case.household.head_name}户已经县级审定，纳入监测。" in inbox(cadre_a)
    assert inbox(county_user) == []


def test_return_and_reject_tell_the_village(
    nominated, walk, cadre_a, township_user, django_capture_on_commit_callbacks
):
    case = end_notice(walk(nominated, 4))
    with django_capture_on_commit_callbacks(execute=True):
        case_return(case=case, by=township_user, reason="材料不全")
    assert any("被退回至“村级评议”" in m for m in inbox(cadre_a))
    case = end_notice(walk(case, 4))
    with django_capture_on_commit_callbacks(execute=True):
        case_reject(case=case, by=township_user, reason="不符合条件")
    assert any("未予纳入监测" in m for m in inbox(cadre_a))


def test_nothing_is_sent_before_the_commit(
    nominated, walk, township_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as pending:
        walk(nominated, 4)
    assert inbox(township_user) == [] and pending


def test_email_only_when_configured_and_digest_users_get_one_a_day(
    settings, nominated, walk, township_user, django_capture_on_commit_callbacks
):
    from common.notify import notifications_digest

    township_user.email = "t@example.org"
    township_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        walk(nominated, 4)
    assert mail.outbox == []  # NOTIFY_BY_EMAIL is off by default
    settings.NOTIFY_BY_EMAIL = True
    Notification.objects.all().delete()
    case = end_notice(nominated)
    with django_capture_on_commit_callbacks(execute=True):
        case_return(case=case, by=township_user, reason="x")
    township_user.notify_digest = True
    township_user.save()
    from common.notify import notify

    with django_capture_on_commit_callbacks(execute=True):
        notify([township_user], kind="case", message="测试汇总")
    assert mail.outbox == []  # digest users get no single e-mails
    assert notifications_digest() == 1 and "测试汇总" in mail.outbox[0].body
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)
    assert notifications_digest(now=later) == 0  # nothing new in the window: no second e-mail


def test_unread_count_in_the_nav(
    client_for, nominated, walk, township_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk(nominated, 4)
    assert 'id="unread-count">1<' in client_for(township_user).get(reverse("home")).content.decode()
