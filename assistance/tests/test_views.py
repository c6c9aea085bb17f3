import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assistance import services
from assistance.models import CaseContact, Measure, MeasureCategory
from monitoring.models import Case


def add(case, user, code="health", **fields):
    return services.measure_create(
        case=case, by=user, category=MeasureCategory.objects.get(code=code), content="措施内容", **fields
    )


@pytest.fixture
def measure_a(case_a, cadre_a):
    return add(case_a, cadre_a)


# -- list --------------------------------------------------------------------------------------


def test_list_shows_only_measures_in_scope(client_for, make_case, regions, cadre_a, cadre_b):
    add(make_case(), cadre_a, "health")
    other = make_case(village=regions["village_b"])
    add(other, cadre_b, "water")
    page = client_for(cadre_a).get(reverse("assistance:measure_list"))
    assert [m.case.village for m in page.context["page_obj"]] == [regions["village_a"]]


def test_township_lists_both_villages_with_bounded_queries(
    client_for, make_case, regions, cadre_a, cadre_b, township_user, django_assert_max_num_queries
):
    for _ in range(6):
        add(make_case(), cadre_a)
        add(make_case(village=regions["village_b"]), cadre_b, "employment.training")
    client = client_for(township_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("assistance:measure_list"))
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == 12


def test_list_filters_by_status_category_village_and_overdue(
    client_for, make_case, regions, cadre_a, cadre_b, township_user
):
    started = add(make_case(), cadre_a, "employment.training")
    services.measure_start(measure=started, by=cadre_a)
    late = add(make_case(), cadre_a, planned_end=datetime.date(2020, 1, 1))
    b = add(make_case(village=regions["village_b"]), cadre_b, "water")
    client = client_for(township_user)

    def found(**query):
        return {m.pk for m in client.get(reverse("assistance:measure_list"), query).context["page_obj"]}

    assert found(status="implementing") == {started.pk}
    assert found(category=MeasureCategory.objects.get(code="employment").pk) == {started.pk}
    assert found(village=regions["village_b"].code) == {b.pk}
    assert found(overdue="on") == {late.pk}


def test_list_refuses_users_without_a_register_role(client_for, department_user):
    assert client_for(department_user).get(reverse("assistance:measure_list")).status_code == 403


# -- add, edit, transitions ---------------------------------------------------------------------


def test_add_page_shows_suggestions_for_the_case(client_for, make_case, cadre_a):
    case = make_case(risks=["因务工就业不稳"])
    page = client_for(cadre_a).get(reverse("assistance:measure_add", args=[case.pk]))
    assert [s.item.code for s in page.context["suggestions"]] == ["employment"]
    assert 'data-code="employment"' in page.content.decode()


def test_add_measure_from_the_phone_form(client_for, case_a, cadre_a):
    response = client_for(cadre_a).post(
        reverse("assistance:measure_add", args=[case_a.pk]),
        {
            "category": MeasureCategory.objects.get(code="health.medical_aid").pk,
            "content": "大病医疗救助",
            "amount": "3000",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert (measure.case, measure.created_by, measure.content) == (case_a, cadre_a, "大病医疗救助")


def test_add_form_shows_service_error_next_to_the_field(client_for, case_a, cadre_a):
    response = client_for(cadre_a).post(
        reverse("assistance:measure_add", args=[case_a.pk]),
        {
            "category": MeasureCategory.objects.get(code="health").pk,
            "content": "x",
            "planned_start": "2026-05-01",
            "planned_end": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert "计划完成日期不能早于计划开始日期" in response.content.decode()
    assert not Measure.objects.exists()


def test_other_village_gets_404_on_every_measure_page(client_for, case_a, measure_a, cadre_b):
    client = client_for(cadre_b)
    for url in (
        reverse("assistance:measure_add", args=[case_a.pk]),
        reverse("assistance:measure", args=[measure_a.pk]),
        reverse("assistance:measure_edit", args=[measure_a.pk]),
        reverse("assistance:case", args=[case_a.pk]),
        reverse("assistance:contact_add", args=[case_a.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("assistance:measure_start", args=[measure_a.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["township_user", "viewer", "county_user"])
def test_readers_may_look_but_not_write(request, client_for, case_a, measure_a, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("assistance:measure", args=[measure_a.pk])).status_code == 200
    assert client.get(reverse("assistance:case", args=[case_a.pk])).status_code == 200
    assert client.get(reverse("assistance:measure_add", args=[case_a.pk])).status_code == 403
    category = MeasureCategory.objects.get(code="health").pk
    posted = client.post(
        reverse("assistance:measure_add", args=[case_a.pk]), {"category": category, "content": "x"}
    )
    assert posted.status_code == 403
    assert client.post(reverse("assistance:measure_start", args=[measure_a.pk])).status_code == 403
    assert client.post(reverse("assistance:contact_add", args=[case_a.pk]), {"name": "x"}).status_code == 403
    assert Measure.objects.get().status == "planned"


def test_transitions_by_post_and_history_on_detail(client_for, measure_a, cadre_a):
    client = client_for(cadre_a)
    client.post(reverse("assistance:measure_start", args=[measure_a.pk]), {"on": "2026-02-01"})
    client.post(
        reverse("assistance:measure_complete", args=[measure_a.pk]), {"on": "2026-03-01", "effect": "已康复"}
    )
    assert Measure.objects.get().status == "completed"
    page = client.get(reverse("assistance:measure", args=[measure_a.pk]))
    assert len(page.context["history"]) == 3
    changed = {str(c["field"]) for c in page.context["history"][0]["changes"]}
    assert {"状态", "实际完成", "成效"} <= changed
    assert client.get(reverse("assistance:measure_start", args=[measure_a.pk])).status_code == 405


def test_refused_completion_keeps_the_typed_effect(client_for, measure_a, cadre_a):
    client = client_for(cadre_a)
    client.post(reverse("assistance:measure_start", args=[measure_a.pk]), {"on": "2026-02-01"})
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("assistance:measure_complete", args=[measure_a.pk]), {"on": tomorrow, "effect": "已康复出院"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "已康复出院" in body and "日期不能晚于今天" in body
    assert Measure.objects.get().status == "implementing"


def test_cancel_needs_a_reason(client_for, measure_a, cadre_a):
    client = client_for(cadre_a)
    client.post(reverse("assistance:measure_cancel", args=[measure_a.pk]), {"reason": ""})
    assert Measure.objects.get().status == "planned"
    client.post(reverse("assistance:measure_cancel", args=[measure_a.pk]), {"reason": "重复登记"})
    assert Measure.objects.get().status == "cancelled"


def test_edit_keeps_status_and_records_change(client_for, measure_a, cadre_a):
    client_for(cadre_a).post(
        reverse("assistance:measure_edit", args=[measure_a.pk]),
        {"category": measure_a.category_id, "content": "改为家庭医生签约", "responsible_unit": "镇卫生院"},
    )
    measure = Measure.objects.get()
    assert (measure.content, measure.responsible_unit, measure.status) == (
        "改为家庭医生签约",
        "镇卫生院",
        "planned",
    )
    assert measure.history.count() == 2


# -- case section, contacts, my cases -----------------------------------------------------------


def test_case_section_shows_plan_contacts_and_warnings(client_for, make_case, cadre_a):
    case = make_case(risks=["因安全饮水"])
    add(case, cadre_a, "health")
    services.contact_assign(case=case, by=cadre_a, name="周红", unit="县水利局", phone="13900001111")
    html = client_for(cadre_a).get(reverse("assistance:case", args=[case.pk])).content.decode()
    assert 'data-rule="water_risk_without_water_measure"' in html
    assert "周红" in html and "13900001111" in html
    assert "添加帮扶措施" in html


def test_case_section_masks_contact_phone_for_viewers(client_for, case_a, cadre_a, viewer):
    services.contact_assign(case=case_a, by=cadre_a, name="周红", phone="13900001111")
    html = client_for(viewer).get(reverse("assistance:case", args=[case_a.pk])).content.decode()
    assert "周红" in html and "13900001111" not in html
    assert "添加帮扶措施" not in html


def test_case_section_template_tag_renders_for_the_monitoring_page(rf, case_a, cadre_a):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = cadre_a
    html = Template("{% load assistance %}{% assistance_section case %}").render(
        Context({"case": case_a, "request": request})
    )
    assert 'id="assistance-plan"' in html


def test_contact_added_and_ended_from_the_pages(client_for, case_a, cadre_a):
    client = client_for(cadre_a)
    client.post(reverse("assistance:contact_add", args=[case_a.pk]), {"name": "周红", "phone": "13900001111"})
    assignment = CaseContact.objects.get()
    client.post(reverse("assistance:contact_end", args=[assignment.pk]))
    assert CaseContact.objects.get().end_date is not None


def test_my_cases_lists_current_assignments_of_the_signed_in_contact(
    client_for, make_case, regions, cadre_a, cadre_b, nobody, django_assert_max_num_queries
):
    mine = make_case()
    ended = make_case()
    services.contact_assign(case=mine, by=cadre_a, name="无角色干部", username="nobody")
    old = services.contact_assign(case=ended, by=cadre_a, name="无角色干部", username="nobody")
    services.contact_end(assignment=old, by=cadre_a)
    services.contact_assign(case=make_case(village=regions["village_b"]), by=cadre_b, name="别人")
    add(mine, cadre_a)
    client = client_for(nobody)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("assistance:my_cases"))
    assert [a.case for a in page.context["assignments"]] == [mine]
    assert "措施内容" in page.content.decode()


# -- catalogue ----------------------------------------------------------------------------------


def test_catalogue_page_reads_in_bounded_queries(client_for, viewer, django_assert_max_num_queries):
    client = client_for(viewer)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("assistance:catalogue"))
    assert "雨露计划" in page.content.decode()


def test_county_edits_the_catalogue_others_get_403(client_for, county_user, township_user):
    item = MeasureCategory.objects.get(code="motivation")
    data = {
        "code": "x",
        "name": "扶志扶智（新）",
        "kind": "other",
        "addresses": ["其他"],
        "active": "on",
        "order": 1500,
    }
    assert client_for(township_user).get(reverse("assistance:catalogue")).status_code == 200
    assert (
        client_for(township_user).post(reverse("assistance:category_edit", args=[item.pk]), data).status_code
        == 403
    )
    response = client_for(county_user).post(reverse("assistance:category_edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.code, item.name) == ("motivation", "扶志扶智（新）")
    assert item.history.first().history_user == county_user


# -- 帮扶率 -------------------------------------------------------------------------------------


def test_rate_page_breaks_down_by_village_within_scope(
    client_for, make_case, regions, cadre_a, cadre_b, township_user
):
    helped = make_case()
    services.measure_start(measure=add(helped, cadre_a), by=cadre_a)
    make_case()
    make_case(village=regions["village_b"])
    page = client_for(township_user).get(reverse("assistance:rate", args=[regions["township"].code]))
    assert (page.context["helped"], page.context["total"], page.context["rate"]) == (1, 3, 33.3)
    rows = {r["region"].name: (r["helped"], r["total"], r["rate"]) for r in page.context["rows"]}
    assert rows == {"建龙村": (1, 2, 50.0), "联合村": (0, 1, 0.0)}
    assert page.context["parent"] is None  # the county is outside the township's scope


def test_rate_county_rows_are_townships_and_a_village_user_sees_only_theirs(
    client_for, make_case, regions, cadre_a, county_user, django_assert_max_num_queries
):
    make_case(village=regions["village_c"])
    make_case()
    client = client_for(county_user)
    with django_assert_max_num_queries(13):  # incl. the menu's contact check
        page = client.get(reverse("assistance:rate", args=[regions["county"].code]))
    assert {r["region"].name: r["total"] for r in page.context["rows"]} == {"栗子乡": 1, "江池镇": 1}
    client = client_for(cadre_a)
    assert client.get(reverse("assistance:rate", args=[regions["township"].code])).status_code == 404
    assert client.get(reverse("assistance:rate", args=[regions["village_c"].code])).status_code == 404
    assert client.get(reverse("assistance:rate_index")).url == reverse(
        "assistance:rate", args=[regions["village_a"].code]
    )


def test_rate_without_monitored_cases_is_not_a_number(client_for, regions, viewer):
    page = client_for(viewer).get(reverse("assistance:rate", args=[regions["county"].code]))
    assert page.context["rate"] is None and page.context["total"] == 0


def test_rate_counts_only_monitored_cases(make_case, cadre_a):
    from assistance.selectors import assistance_rate

    enrolling = make_case(status=Case.Status.ENROLLING)
    services.measure_start(measure=add(enrolling, cadre_a), by=cadre_a)
    assert assistance_rate(Case.objects.visible_to(cadre_a)) == (0, 0)


def test_measure_form_and_detail_speak_chinese(client_for, cadre_a, case_a):
    """Issue 17: the member field was labelled "Member" and 登记人 showed the username."""
    from tests.test_nav_crawl import ENGLISH, visible_text

    cadre_a.last_name, cadre_a.first_name = "张", "建国"
    cadre_a.save()
    client = client_for(cadre_a)
    html = client.get(reverse("assistance:measure_add", args=[case_a.pk])).content.decode()
    assert "受益成员" in html and not ENGLISH.findall(visible_text(html))
    category = MeasureCategory.objects.filter(active=True).exclude(parent=None).first()
    measure = services.measure_create(case=case_a, by=cadre_a, category=category, content="务工就业")
    html = client.get(reverse("assistance:measure", args=[measure.pk])).content.decode()
    assert "张建国 · " in html and not ENGLISH.findall(visible_text(html))
