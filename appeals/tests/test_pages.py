"""Appeal pages: list (scope, filters, order), register from the case page, detail and actions."""

import datetime

import pytest
from django.urls import reverse

from appeals import services
from appeals.models import Appeal

from .conftest import TODAY


@pytest.fixture
def appeal(rejected, register_appeal):
    return register_appeal(*rejected)


def test_case_page_links_to_register_for_the_village_only(rejected, client_for, cadre_a, township_user):
    case, _ = rejected
    body = client_for(cadre_a).get(reverse("monitoring:detail", args=[case.pk])).content.decode()
    assert reverse("appeals:add", args=[case.pk]) in body
    body = client_for(township_user).get(reverse("monitoring:detail", args=[case.pk])).content.decode()
    assert reverse("appeals:add", args=[case.pk]) not in body


def test_case_page_lists_its_appeals_once_registered(appeal, client_for, township_user):
    body = client_for(township_user).get(reverse("monitoring:detail", args=[appeal.case_id])).content.decode()
    assert "申诉记录（1）" in body


def test_register_page_offers_only_appealable_decisions(rejected, client_for, cadre_a):
    case, decision = rejected
    response = client_for(cadre_a).get(reverse("appeals:add", args=[case.pk]))
    assert response.status_code == 200
    choices = [value for value, _ in response.context["form"].fields["decision"].choices]
    assert choices == [decision.pk]


def test_register_through_the_page(rejected, client_for, cadre_a):
    case, decision = rejected
    url = reverse("appeals:add", args=[case.pk])
    data = {"decision": decision.pk, "received_on": "2026-06-01", "grounds": "收入算错了", "appellant": ""}
    response = client_for(cadre_a).post(url, data)
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("appeals:detail", args=[appeal.pk])


def test_a_refused_registration_keeps_what_was_typed(rejected, client_for, cadre_a):
    case, _ = rejected
    passed = case.steps.filter(step=1).first()
    data = {
        "decision": passed.pk,
        "received_on": "2026-06-01",
        "grounds": "我的理由写了很久",
        "appellant": "王小山",
    }
    response = client_for(cadre_a).post(reverse("appeals:add", args=[case.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200 and not Appeal.objects.exists()
    assert "只能对不予纳入、风险消除或公示异议提出申诉" in body
    assert "我的理由写了很久" in body and "王小山" in body


def test_register_wrong_role_403_other_village_404(rejected, client_for, township_user, cadre_b, viewer):
    case, _ = rejected
    url = reverse("appeals:add", args=[case.pk])
    assert client_for(township_user).get(url).status_code == 403
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(cadre_b).get(url).status_code == 404


def test_detail_shows_the_forms_of_my_step_only(appeal, client_for, township_user, county_user, cadre_a):
    url = reverse("appeals:detail", args=[appeal.pk])
    body = client_for(township_user).get(url).content.decode()
    assert 'id="do-forward"' in body and 'id="do-dismiss"' in body and 'id="do-uphold"' not in body
    body = client_for(county_user).get(url).content.decode()
    assert 'id="do-forward"' not in body and 'id="do-uphold"' not in body
    body = client_for(cadre_a).get(url).content.decode()
    assert "do-" not in body and "收入高于监测范围" in body  # the decision appealed is shown


def test_actions_through_the_page_and_timeline(appeal, client, township_user, county_user, cadre_a):
    client.force_login(township_user)
    response = client.post(reverse("appeals:act_forward", args=[appeal.pk]), {"opinion": "支持"})
    assert response.status_code == 302
    client.force_login(county_user)
    client.post(reverse("appeals:act_overturn", args=[appeal.pk]), {"opinion": "撤销"})
    client.force_login(cadre_a)
    body = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert 'id="renominate"' in body and reverse("monitoring:nominate", args=[appeal.household_id]) in body
    client.post(
        reverse("appeals:act_inform", args=[appeal.pk]),
        {"informed_on": "2026-06-01", "way": "phone", "note": ""},
    )
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.CLOSED
    body = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    for label in ("登记", "乡镇复核：报县级复核", "县级复核：撤销原决定", "结果告知"):
        assert label in body


def test_a_refused_action_shows_the_page_again_in_chinese(appeal, client_for, township_user, cadre_a):
    services.appeal_dismiss(appeal=appeal, by=township_user, opinion="不成立")
    response = client_for(cadre_a).post(
        reverse("appeals:act_inform", args=[appeal.pk]),
        {"informed_on": "2026-05-01", "way": "phone", "note": "已电话"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "告知日期须在复核结论之日" in body and "已电话" in body


def test_action_wrong_role_403_other_village_404(appeal, client_for, cadre_a, cadre_b, county_user, regions):
    from conftest import make_user

    url = reverse("appeals:act_forward", args=[appeal.pk])
    assert client_for(cadre_a).post(url, {"opinion": "x"}).status_code == 403
    assert client_for(county_user).post(url, {"opinion": "x"}).status_code == 403
    assert client_for(cadre_b).post(url, {"opinion": "x"}).status_code == 404
    other = make_user("other_township", "township", regions["other_township"])
    assert client_for(other).post(url, {"opinion": "x"}).status_code == 404
    assert client_for(other).get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404
    assert client_for(cadre_b).get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404


def test_list_is_scoped_and_forbidden_to_departments(appeal, client_for, cadre_b, department_user, viewer):
    assert client_for(department_user).get(reverse("appeals:list")).status_code == 403
    assert list(client_for(cadre_b).get(reverse("appeals:list")).context["page_obj"]) == []
    assert list(client_for(viewer).get(reverse("appeals:list")).context["page_obj"]) == [appeal]


def test_list_sorted_by_days_left_and_filtered(
    make_rejected, register_appeal, client_for, township_user, cadre_b, regions, frozen_clock
):
    first = register_appeal(*make_rejected())
    frozen_clock.move_to(datetime.datetime(2026, 6, 3, 1, 0, tzinfo=datetime.UTC))
    second = register_appeal(*make_rejected(), received_on=datetime.date(2026, 6, 3))
    services.appeal_dismiss(appeal=second, by=township_user, opinion="不成立")  # due 06-08
    third = register_appeal(
        *make_rejected(village=regions["village_b"]), by=cadre_b, received_on=datetime.date(2026, 6, 3)
    )
    frozen_clock.move_to(datetime.datetime(2026, 6, 12, 1, 0, tzinfo=datetime.UTC))
    client = client_for(township_user)
    rows = list(client.get(reverse("appeals:list")).context["page_obj"])
    assert rows == [second, first, third]  # due 06-08, 06-11, 06-13
    body = client.get(reverse("appeals:list")).content.decode()
    assert "已逾期 4 天" in body and "剩余 1 天" in body
    assert list(client.get(reverse("appeals:list"), {"overdue": "on"}).context["page_obj"]) == [second, first]
    assert list(client.get(reverse("appeals:list"), {"status": "informing"}).context["page_obj"]) == [second]
    assert list(client.get(reverse("appeals:list"), {"village": "500230201202"}).context["page_obj"]) == [
        third
    ]


def test_home_lists_appeals_waiting_for_my_step(appeal, client_for, township_user, county_user, cadre_a):
    body = client_for(township_user).get(reverse("home")).content.decode()
    assert 'id="appeals-waiting"' in body and reverse("appeals:detail", args=[appeal.pk]) in body
    body = client_for(county_user).get(reverse("home")).content.decode()
    assert reverse("appeals:detail", args=[appeal.pk]) not in body
    services.appeal_dismiss(appeal=appeal, by=township_user, opinion="不成立")
    body = client_for(cadre_a).get(reverse("home")).content.decode()
    assert reverse("appeals:detail", args=[appeal.pk]) in body


def test_attachments_are_private_media(rejected, register_appeal, client_for, cadre_a, cadre_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_workflow import PDF

    appeal = register_appeal(*rejected, attachments=[SimpleUploadedFile("scan.pdf", PDF)])
    url = appeal.attachments.get().file.url
    assert client_for(cadre_a).get(url).status_code == 200
    assert client_for(cadre_b).get(url).status_code == 404


def test_list_costs_a_fixed_number_of_queries(
    make_rejected, register_appeal, client_for, township_user, django_assert_max_num_queries
):
    for _ in range(3):
        register_appeal(*make_rejected())
    client = client_for(township_user)
    client.get(reverse("appeals:list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("appeals:list"))
    for _ in range(5):
        register_appeal(*make_rejected())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("appeals:list"))


def test_home_costs_the_same_with_more_appeals(make_rejected, register_appeal, client_for, township_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    register_appeal(*make_rejected())
    client = client_for(township_user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for _ in range(4):
        register_appeal(*make_rejected())
    with CaptureQueriesContext(connection) as more:
        body = client.get(reverse("home")).content.decode()
    assert len(more.captured_queries) == len(few.captured_queries)
    assert body.count("/appeals/") >= 5


def test_pages_speak_chinese_at_every_state(
    rejected, register_appeal, client_for, cadre_a, township_user, county_user
):
    from tests.test_nav_crawl import ENGLISH, visible_text

    appeal = register_appeal(*rejected)
    pages = lambda: [  # noqa: E731
        reverse("appeals:detail", args=[appeal.pk]),
        reverse("appeals:list"),
        reverse("monitoring:detail", args=[appeal.case_id]),
    ]
    steps = [
        (township_user, services.appeal_forward, {"opinion": "报县"}),
        (county_user, services.appeal_overturn, {"opinion": "撤销"}),
        (cadre_a, services.appeal_inform, {"informed_on": TODAY, "way": "other"}),
    ]
    for user, service, values in [(None, None, None), *steps]:
        if service is not None:
            service(appeal=appeal, by=user, **values)
        for reader in (cadre_a, township_user, county_user):
            for url in pages():
                text = visible_text(client_for(reader).get(url).content.decode())
                assert not ENGLISH.search(text), (url, ENGLISH.search(text))


def test_departments_are_refused_every_appeal_page(appeal, rejected, client_for, department_user):
    """A department user has no appeal role: 403 on the detail, the actions and 登记 (not 404)."""
    client = client_for(department_user)
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 403
    assert client.post(reverse("appeals:act_forward", args=[appeal.pk]), {"opinion": "x"}).status_code == 403
    case, _ = rejected
    assert client.get(reverse("appeals:add", args=[case.pk])).status_code == 403
