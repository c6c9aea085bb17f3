import datetime

import pytest
from django.urls import reverse

from households.tests.factories import MemberFactory
from monitoring.models import Case

from .conftest import TODAY, authorisation, end_notice, household_in


def test_queue_lists_my_scope_at_or_before_my_step_soonest_deadline_first(
    client_for, nominated, walk, regions, cadre_a, cadre_b, township_user
):
    from monitoring.services import case_nominate

    later = case_nominate(household=household_in(regions["village_a"]), by=cadre_a, category="边缘易致贫户",
                          risks=[("因学", "")], channel="农户自主申报", found_on=TODAY, evidence="x")  # fmt: skip
    overdue = case_nominate(household=household_in(regions["village_a"]), by=cadre_a, category="边缘易致贫户",
                            risks=[("因学", "")], channel="农户自主申报", found_on=TODAY, evidence="x")  # fmt: skip
    Case.objects.filter(pk=overdue.pk).update(deadline=TODAY - datetime.timedelta(days=3))
    Case.objects.filter(pk=later.pk).update(deadline=TODAY + datetime.timedelta(days=20))
    page = client_for(cadre_a).get(reverse("monitoring:queue"))
    assert [c.pk for c in page.context["page_obj"]] == [overdue.pk, nominated.pk, later.pk]
    assert "已逾期 3 天" in page.content.decode()
    # The township sees the village's cases coming (before its step) but may not act on them.
    township_rows = list(client_for(township_user).get(reverse("monitoring:queue")).context["page_obj"])
    assert [c.pk for c in township_rows] == [overdue.pk, nominated.pk, later.pk]
    assert not any(c.mine for c in township_rows)
    assert list(client_for(cadre_b).get(reverse("monitoring:queue")).context["page_obj"]) == []


def test_township_queue_shows_cases_in_notice_with_a_countdown(client_for, nominated, walk, township_user):
    case = walk(nominated, 4)
    page = client_for(township_user).get(reverse("monitoring:queue"))
    (row,) = page.context["page_obj"]
    assert row.pk == case.pk and not row.mine
    assert f"公示中，还剩 {case.notice_days_left} 天" in page.content.decode()
    assert 'name="cases"' not in page.content.decode()  # nothing to tick before the notice ends
    end_notice(case)
    page = client_for(township_user).get(reverse("monitoring:queue"))
    assert [c.mine for c in page.context["page_obj"]] == [True]
    assert 'name="cases"' in page.content.decode()


def test_batch_buttons_only_for_the_role_that_may_use_them(
    client_for, nominated, walk, township_user, county_user
):
    walk(nominated, 4)
    township_page = client_for(township_user).get(reverse("monitoring:queue")).content.decode()
    assert "批量乡镇审核" in township_page and "批量县级审定" not in township_page
    county_page = client_for(county_user).get(reverse("monitoring:queue")).content.decode()
    assert "批量县级审定" in county_page and "批量乡镇审核" not in county_page


def test_queue_and_list_query_count_is_bounded(client_for, regions, cadre_a, django_assert_max_num_queries):
    from monitoring.services import case_nominate

    for _ in range(12):
        case_nominate(household=household_in(regions["village_a"]), by=cadre_a, category="边缘易致贫户",
                      risks=[("因病", ""), ("因学", "")], channel="农户自主申报", found_on=TODAY, evidence="x")  # fmt: skip
    client = client_for(cadre_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("monitoring:queue")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("monitoring:list") + "?overdue=on&status=enrolling").status_code == 200


def test_list_filters_overdue(client_for, nominated, cadre_a):
    client = client_for(cadre_a)
    assert list(client.get(reverse("monitoring:list") + "?overdue=on").context["page_obj"]) == []
    Case.objects.filter(pk=nominated.pk).update(deadline=TODAY.replace(year=TODAY.year - 1))
    page = client.get(reverse("monitoring:list") + "?overdue=on")
    assert [c.pk for c in page.context["page_obj"]] == [nominated.pk]
    assert "逾期" in page.content.decode()


def test_detail_of_other_village_is_404(client_for, nominated, cadre_b):
    assert client_for(cadre_b).get(reverse("monitoring:detail", args=[nominated.pk])).status_code == 404


def test_detail_shows_timeline_and_the_step_form(client_for, nominated, cadre_a):
    body = client_for(cadre_a).get(reverse("monitoring:detail", args=[nominated.pk])).content.decode()
    assert 'id="timeline"' in body and "纳入 · 1 · 通过" in body and "住院" in body
    assert reverse("monitoring:act", args=[nominated.pk, "verify"]) in body


def test_action_by_wrong_role_is_403_and_changes_nothing(client_for, nominated, township_user, viewer):
    url = reverse("monitoring:act", args=[nominated.pk, "verify"])
    assert client_for(township_user).post(url, {"opinion": "x"}).status_code == 403
    assert client_for(viewer).post(url, {"opinion": "x"}).status_code == 403
    assert Case.objects.get(pk=nominated.pk).step == 2


def test_action_on_other_village_is_404(client_for, nominated, cadre_b):
    url = reverse("monitoring:act", args=[nominated.pk, "verify"])
    assert client_for(cadre_b).post(url, {"opinion": "x"}).status_code == 404


def test_actions_are_post_only(client_for, nominated, cadre_a):
    assert (
        client_for(cadre_a).get(reverse("monitoring:act", args=[nominated.pk, "verify"])).status_code == 405
    )


def test_verify_through_the_page_with_upload(client_for, nominated, cadre_a):
    url = reverse("monitoring:act", args=[nominated.pk, "verify"])
    response = client_for(cadre_a).post(url, {"opinion": "属实", "authorisation": authorisation()})
    assert response.status_code == 302
    assert Case.objects.get(pk=nominated.pk).step == 3


def test_verify_without_the_file_keeps_the_typed_opinion(client_for, nominated, cadre_a):
    url = reverse("monitoring:act", args=[nominated.pk, "verify"])
    response = client_for(cadre_a).post(url, {"opinion": "已入户，家中两人住院，属实"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "已入户，家中两人住院，属实" in body
    assert "请上传农户签字的承诺授权书" in body
    assert response.context["action_forms"][0][1].errors["authorisation"]
    assert Case.objects.get(pk=nominated.pk).step == 2


def test_deliberation_refused_keeps_participants_votes_and_minutes(client_for, nominated, walk, cadre_a):
    case = walk(nominated, 3)
    data = {"meeting_date": TODAY.isoformat(), "participants": "张三,李四", "votes_for": 1,
            "votes_against": 1, "votes_abstain": 0, "minutes": "会议记录：意见分歧"}  # fmt: skip
    response = client_for(cadre_a).post(reverse("monitoring:act", args=[case.pk, "deliberate"]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "张三,李四" in body and "会议记录：意见分歧" in body and "赞成票未超过" in body
    assert Case.objects.get(pk=case.pk).step == 3


def test_an_invalid_form_is_shown_again_with_its_errors(client_for, nominated, walk, cadre_a):
    case = walk(nominated, 3)
    data = {"participants": "张三,李四", "votes_for": "x", "minutes": "记录"}
    response = client_for(cadre_a).post(reverse("monitoring:act", args=[case.pk, "deliberate"]), data)
    assert response.status_code == 200
    assert "张三,李四" in response.content.decode()
    assert [a.name for a, f in response.context["action_forms"] if f.errors] == ["deliberate"]


def test_nominate_page_from_household(client_for, regions, cadre_a, cadre_b, township_user):
    household = household_in(regions["village_a"])
    url = reverse("monitoring:nominate", args=[household.pk])
    assert client_for(cadre_b).get(url).status_code == 404
    assert client_for(township_user).get(url).status_code == 403
    response = client_for(cadre_a).post(url, {"category": "边缘易致贫户", "risk_types": ["因自然灾害", "因病"],
                                              "disaster_subtype": "洪涝", "channel": "农户自主申报",
                                              "found_on": TODAY.isoformat(), "evidence": "洪水冲毁房屋"})  # fmt: skip
    case = Case.objects.get(household=household)
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert sorted(case.risks.values_list("risk_type", "disaster_subtype")) == [
        ("因病", ""),
        ("因自然灾害", "洪涝"),
    ]


def test_notice_page_never_shows_ids_phones_or_health(client_for, nominated, walk, cadre_a, regions):
    member = MemberFactory(household=nominated.household, name="李四", relationship="配偶", sex="女",
                           healthy=False, serious_illness=True)  # fmt: skip
    case = walk(nominated, 4)
    body = (
        client_for(cadre_a).get(reverse("monitoring:notice", args=[regions["village_a"].pk])).content.decode()
    )
    assert case.household.head_name in body and "建龙村" in body and "边缘易致贫户" in body
    assert "因病" not in body  # a risk type discloses a health condition (SPEC 9a)
    head = case.household.members.get(relationship="户主")
    for secret in (
        head.id_number,
        member.id_number,
        head.id_number[-8:],
        case.household.phone,
        "患有大病",
        "大病",
        "因病",  # a risk type names the health condition (SPEC 9a)
        "银行",
    ):
        assert secret not in body, secret


def test_notice_of_other_village_is_404(client_for, regions, cadre_b):
    assert (
        client_for(cadre_b).get(reverse("monitoring:notice", args=[regions["village_a"].pk])).status_code
        == 404
    )


def test_batch_township_review_reports_each_failure(
    client_for, nominated, walk, regions, cadre_a, township_user
):
    from monitoring.services import case_nominate

    ready = end_notice(walk(nominated, 4))
    in_notice = walk(case_nominate(household=household_in(regions["village_a"]), by=cadre_a, category="边缘易致贫户",
                                   risks=[("因病", "")], channel="农户自主申报", found_on=TODAY, evidence="x"), 4)  # fmt: skip
    response = client_for(township_user).post(
        reverse("monitoring:batch"),
        {"action": "review", "cases": [ready.pk, in_notice.pk], "opinion": "同意", "office": "民政办"},
        follow=True,
    )
    body = response.content.decode()
    assert "成功办理 1 户" in body and "公示期满后" in body
    assert Case.objects.get(pk=ready.pk).step == 5 and Case.objects.get(pk=in_notice.pk).step == 4


def test_batch_county_decision_needs_county_role(client_for, nominated, township_user, cadre_a):
    assert (
        client_for(cadre_a)
        .post(reverse("monitoring:batch"), {"action": "decide", "cases": [nominated.pk]})
        .status_code
        == 403
    )
    assert (
        client_for(township_user)
        .post(reverse("monitoring:batch"), {"action": "decide", "cases": [nominated.pk]})
        .status_code
        == 403
    )


def test_queue_is_403_for_viewer_and_list_is_open_to_viewer(client_for, viewer, nominated):
    assert client_for(viewer).get(reverse("monitoring:queue")).status_code == 403
    assert [c.pk for c in client_for(viewer).get(reverse("monitoring:list")).context["page_obj"]] == [
        nominated.pk
    ]


@pytest.mark.parametrize(
    "name", ["monitoring:list", "monitoring:queue", "monitoring:reviews", "monitoring:quality"]
)
def test_pages_are_403_for_department_users(client_for, department_user, name):
    assert client_for(department_user).get(reverse(name)).status_code == 403


def test_household_cases_include_lists_the_household_cases(nominated, rf, cadre_a):
    from django.template.loader import render_to_string

    from monitoring.selectors import cases_of

    html = render_to_string("monitoring/includes/household_cases.html",
                            {"cases": cases_of(nominated.household), "household": nominated.household, "may_nominate": True})  # fmt: skip
    assert (
        nominated.get_absolute_url() in html
        and reverse("monitoring:nominate", args=[nominated.household.pk]) in html
    )


def test_nav_items_follow_roles(cadre_a, township_user, viewer):
    from common.navigation import items_for

    def labels(user):
        return {item["label"] for item in items_for(user)}

    assert {"待办", "监测对象", "季度研判"} <= labels(cadre_a) and "数据质量" not in labels(cadre_a)
    assert {"待办", "季度研判", "数据质量"} <= labels(township_user)
    assert "监测对象" in labels(viewer) and "待办" not in labels(viewer)


def test_timeline_shows_the_township_office_and_the_reviewers_name(
    client_for, nominated, walk, township_user
):
    from monitoring.services import case_township_review

    township_user.last_name, township_user.first_name = "王", "芳"
    township_user.save()
    case = end_notice(walk(nominated, 4))
    case_township_review(case=case, by=township_user, opinion="同意", office="民政办")
    html = client_for(township_user).get(reverse("monitoring:detail", args=[case.pk])).content.decode()
    assert '<span class="step-office">民政办</span> · 王芳' in html
