import datetime

from django.urls import reverse

from households.choices import HouseholdFlagKind
from households.models import Household, Member, Visit
from households.services import flag_set, income_record

from .conftest import member_data

YEAR = datetime.date.today().year - 1


def member_post(index, data, prefix="members"):
    fields = {
        "name": data["name"],
        "id_type": "居民身份证",
        "id_number": data["id_number"],
        "ethnicity": "汉族",
        "relationship": data["relationship"],
        "education": data.get("education", ""),
        "school_status": data.get("school_status", ""),
        "labour_skill": data["labour_skill"],
        "months_worked": "0",
        "political_status": "群众",
        "medical_insurance": data["medical_insurance"],
        "welfare_post_months": "0",
    }
    return {f"{prefix}-{index}-{k}": v for k, v in fields.items()}


def create_post(village, *members):
    post = {
        "village": village.pk,
        "number": "",
        "phone": "13812345678",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for i, m in enumerate(members):
        post.update(member_post(i, m))
    return post


def test_cadre_registers_household_with_members_in_one_post(client_for, cadre_a, regions):
    client = client_for(cadre_a)
    response = client.post(
        reverse("households:create"),
        create_post(regions["village_a"], member_data(name="周大福"), member_data("之子")),
    )
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "households:detail", args=[household.pk]
    )
    assert household.head_name == "周大福" and household.member_count == 2


def test_bad_id_number_shows_inline_chinese_error_and_writes_nothing(client_for, cadre_a, regions):
    bad = member_data(id_number="500230198001011234")
    response = client_for(cadre_a).post(reverse("households:create"), create_post(regions["village_a"], bad))
    assert response.status_code == 200
    assert "身份证号校验位不正确" in response.content.decode()
    assert not Household.objects.exists()


def test_duplicate_person_shows_where_in_form(client_for, cadre_a, regions, make_household):
    person = member_data()
    existing = make_household(cadre_a, "village_a", person)
    response = client_for(cadre_a).post(
        reverse("households:create"),
        create_post(regions["village_a"], member_data(id_number=person["id_number"])),
    )
    assert existing.number in response.content.decode()
    assert Household.objects.count() == 1


def test_township_user_reads_but_may_not_post(client_for, township_user, cadre_a, make_household, regions):
    household = make_household(cadre_a)
    client = client_for(township_user)
    assert client.get(reverse("households:detail", args=[household.pk])).status_code == 200
    assert client.get(reverse("households:list")).status_code == 200
    assert (
        client.post(
            reverse("households:create"), create_post(regions["village_a"], member_data())
        ).status_code
        == 403
    )
    assert client.post(reverse("households:visit", args=[household.pk]), {}).status_code == 403
    assert client.post(reverse("households:income", args=[household.pk]), {}).status_code == 403
    assert client.post(reverse("households:edit", args=[household.pk]), {}).status_code == 403


def test_viewer_may_not_open_write_pages(client_for, viewer, cadre_a, make_household):
    household = make_household(cadre_a)
    client = client_for(viewer)
    assert client.get(reverse("households:detail", args=[household.pk])).status_code == 200
    assert client.get(reverse("households:visit", args=[household.pk])).status_code == 403
    assert client.get(reverse("households:create")).status_code == 403


def test_department_user_may_not_browse_register(client_for, department_user):
    assert client_for(department_user).get(reverse("households:list")).status_code == 403


def test_other_village_household_is_not_found(client_for, cadre_a, cadre_b, make_household):
    household = make_household(cadre_a)
    client = client_for(cadre_b)
    for name in ("detail", "edit", "visit", "income"):
        assert client.get(reverse(f"households:{name}", args=[household.pk])).status_code == 404


def test_list_shows_only_scope_and_searches(client_for, cadre_a, cadre_b, make_household):
    mine = make_household(cadre_a, "village_a", member_data(name="欧阳明"))
    theirs = make_household(cadre_b, "village_b", member_data(name="欧阳亮"))
    client = client_for(cadre_a)
    body = client.get(reverse("households:list")).content.decode()
    assert mine.number in body and theirs.number not in body
    head_id = mine.members.get().person_id
    for term in ("欧阳", head_id[:10], mine.number[-6:] and mine.number):
        body = client.get(reverse("households:list"), {"q": term}).content.decode()
        assert mine.number in body, term
    assert mine.number not in client.get(reverse("households:list"), {"q": "李"}).content.decode()
    legacy = head_id[:6] + head_id[8:17]
    assert mine.number in client.get(reverse("households:list"), {"q": legacy}).content.decode()


def test_list_filters_by_flag_and_below_line(
    client_for, cadre_a, make_household, county_user, superuser, regions
):
    from decimal import Decimal

    from households.services import monitoring_line_set

    monitoring_line_set(
        by=superuser,
        year=YEAR,
        region=regions["city"],
        amount=Decimal(6000),
        basis="t",
        effective_date=datetime.date(YEAR, 1, 1),
    )
    poor = make_household(cadre_a)
    flag_set(household=poor, by=cadre_a, kind=HouseholdFlagKind.FORMER_POOR, exit_year=2019)
    income_record(household=poor, by=cadre_a, year=YEAR, amounts={"wage": "9000"})  # 4500 each
    other = make_household(cadre_a)
    client = client_for(county_user)
    by_flag = client.get(reverse("households:list"), {"flag": "former_poor"}).content.decode()
    assert poor.number in by_flag and other.number not in by_flag
    below = client.get(reverse("households:list"), {"below": "on"}).content.decode()
    assert poor.number in below and other.number not in below
    not_monitored = client.get(reverse("households:list"), {"monitored": "no"}).content.decode()
    assert poor.number in not_monitored


def test_list_query_count_does_not_grow_with_rows(
    client_for, cadre_a, make_household, django_assert_max_num_queries
):
    client = client_for(cadre_a)
    make_household(cadre_a)
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("households:list"))
    for _ in range(8):
        household = make_household(cadre_a)
        flag_set(household=household, by=cadre_a, kind="dibao")
        income_record(household=household, by=cadre_a, year=YEAR, amounts={"wage": "9000"})
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("households:list"))
    assert response.content.decode().count("list-group-item-action") == 9


def test_visit_recorded_through_page(client_for, cadre_a, make_household):
    household = make_household(cadre_a)
    post = {f: "secure" for f in Visit.ASSURANCE_FIELDS}
    post.update(visited_on=datetime.date.today().isoformat(), kind="入户走访", housing="problem")
    client = client_for(cadre_a)
    response = client.post(reverse("households:visit", args=[household.pk]), post)
    assert response.status_code == 200 and "有问题，请简要说明" in response.content.decode()
    assert not Visit.objects.exists()
    post["housing_note"] = "屋顶漏雨"
    response = client.post(reverse("households:visit", args=[household.pk]), post)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.housing == "problem" and visit.housing_note == "屋顶漏雨" and visit.visitor == cadre_a


def test_income_recorded_through_page(client_for, cadre_a, make_household):
    household = make_household(cadre_a)
    post = {
        "period": "year",
        "year": YEAR,
        "wage": "10000",
        "business": "2000",
        "property": "0",
        "transfer": "500",
        "business_expense": "500",
        "insurance_claims": "0",
        "compliant_self_paid": "0",
    }
    response = client_for(cadre_a).post(reverse("households:income", args=[household.pk]), post)
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.latest_income.per_capita_net == 6000


def test_detail_shows_history_with_changed_fields(client_for, cadre_a, make_household):
    from households.services import household_update

    household = make_household(cadre_a)
    household_update(household=household, by=cadre_a, data={"address": "二组5号"})
    body = client_for(cadre_a).get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "住址：— → 二组5号" in body
    assert "cadre_a" in body


def test_edit_page_changes_member_and_keeps_history(client_for, cadre_a, make_household):
    household = make_household(cadre_a, "village_a", member_data(name="旧名字"))
    head = household.members.get()
    post = {
        "number": household.number,
        "phone": "",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-id": head.pk,
    }
    post.update(member_post(0, {**member_data(), "name": "新名字", "id_number": head.id_number}))
    response = client_for(cadre_a).post(reverse("households:edit", args=[household.pk]), post)
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.head_name == "新名字"
    changed = Member.history.filter(id=head.pk).order_by("-history_id")
    assert changed[0].diff_against(changed[1]).changed_fields == ["name"]
    assert changed[0].history_user == cadre_a


def test_member_removed_from_page_after_confirmation(client_for, cadre_a, make_household):
    household = make_household(cadre_a)
    spouse = household.members.get(relationship="配偶")
    response = client_for(cadre_a).post(
        reverse("households:member_remove", args=[household.pk, spouse.pk]),
        {"reason": "deceased", "on": datetime.date.today().isoformat()},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.member_count == 1


def test_lines_page_county_sets_and_village_reads(client_for, county_user, cadre_a, regions):
    post = {
        "year": 2026,
        "region": regions["county"].pk,
        "amount": "7200",
        "basis": "丰都县演示",
        "effective_date": "2026-01-01",
        "is_demo": "on",
    }
    assert client_for(cadre_a).post(reverse("households:lines"), post).status_code == 403
    client = client_for(county_user)
    assert client.post(reverse("households:lines"), post).status_code == 302
    body = client.get(reverse("households:lines")).content.decode()
    assert "7200" in body and "演示" in body


def test_viewer_sees_masked_ids_and_cadre_full(client_for, viewer, cadre_a, make_household):
    household = make_household(cadre_a, "village_a", phone="13812345678")
    person_id = household.members.get(relationship="户主").person_id
    url = reverse("households:detail", args=[household.pk])
    masked = client_for(viewer).get(url).content.decode()
    assert person_id not in masked and person_id[:6] + "********" + person_id[-4:] in masked
    assert "138****5678" in masked and "13812345678" not in masked
    full = client_for(cadre_a).get(url).content.decode()
    assert person_id in full and "13812345678" in full


def test_member_transferred_through_page(client_for, cadre_a, make_household):
    source = make_household(cadre_a)
    target = make_household(cadre_a, "village_a", member_data())
    spouse = source.members.get(relationship="配偶")
    url = reverse("households:member_transfer", args=[source.pk, spouse.pk])
    client = client_for(cadre_a)
    response = client.post(url, {"to_number": "0000", "new_relationship": "配偶", "reason": "分户"})
    assert "找不到该户编号" in response.content.decode()
    response = client.post(url, {"to_number": target.number, "new_relationship": "配偶", "reason": "分户"})
    assert response.status_code == 302
    spouse.refresh_from_db()
    assert spouse.household == target


def test_viewer_reads_lines_but_may_not_set_them(client_for, viewer, regions):
    client = client_for(viewer)
    assert client.get(reverse("households:lines")).status_code == 200
    post = {
        "year": 2026,
        "region": regions["county"].pk,
        "amount": "7200",
        "basis": "x",
        "effective_date": "2026-01-01",
    }
    assert client.post(reverse("households:lines"), post).status_code == 403


def test_refused_composition_goes_to_the_member_row_and_keeps_the_input(client_for, cadre_a, regions):
    post = create_post(regions["village_a"], member_data(name="周大福"), member_data(name="周二福"))
    response = client_for(cadre_a).post(reverse("households:create"), post)
    assert response.status_code == 200 and not Household.objects.exists()
    rows = response.context["formset"].forms
    assert "每户必须有且只有一位户主" in str(rows[0].errors["relationship"])
    body = response.content.decode()
    assert 'value="周大福"' in body and 'value="周二福"' in body


def test_visit_page_says_how_many_clues_it_raised(client_for, cadre_a, make_household):
    household = make_household(cadre_a)
    post = {f: "secure" for f in Visit.ASSURANCE_FIELDS}
    post.update(
        visited_on=datetime.date.today().isoformat(), kind="入户走访", water="problem", water_note="井水浑浊"
    )
    response = client_for(cadre_a).post(reverse("households:visit", args=[household.pk]), post, follow=True)
    assert "发现 1 项风险，已生成预警线索" in response.content.decode()


def test_registration_reports_every_kind_of_error_in_one_submit(client_for, cadre_a, regions):
    """A bad phone, a missing field, a male 之母 and two heads: all four shown after one POST."""
    head = member_data(name="周大福")
    second_head = member_data(name="周二")
    mother = member_data("之母", male=True, name="周母")
    post = create_post(regions["village_a"], head, second_head, mother)
    post["phone"] = "123"
    post["members-1-labour_skill"] = ""
    response = client_for(cadre_a).post(reverse("households:create"), post)
    html = response.content.decode()
    assert response.status_code == 200 and not Household.objects.exists()
    assert "联系电话应为以1开头的11位手机号码" in html
    assert "该字段是必填项" in str(response.context["formset"].errors[1]["labour_skill"])
    assert "与户主关系“之母”与身份证号显示的性别（男）不符" in html
    assert "每户必须有且只有一位户主" in str(response.context["formset"].forms[0].errors)


def test_a_male_mother_is_refused_by_the_service_too(cadre_a, regions):
    import pytest

    from common.errors import ServiceError
    from households.services import household_create

    with pytest.raises(ServiceError) as refused:
        household_create(
            by=cadre_a, village=regions["village_a"], data={},
            members=[member_data(), member_data("之母", male=True)],
        )  # fmt: skip
    assert refused.value.code == "relationship_sex" and refused.value.field == "members.1.relationship"


def test_registration_errors_are_summarised_on_top_with_links_to_fields(client_for, cadre_a, regions):
    post = create_post(regions["village_a"], member_data(), member_data("之母", male=True))
    html = client_for(cadre_a).post(reverse("households:create"), post).content.decode()
    summary = html[html.index('id="error-summary"') : html.index('id="members"')]
    assert 'href="#id_members-1-relationship"' in summary and "之母" in summary


def test_income_page_prefills_the_stored_year_and_asks_before_replacing(client_for, cadre_a, make_household):
    household = make_household(cadre_a)
    amounts = {"wage": 8000, "business": 0, "property": 0, "transfer": 0, "business_expense": 0}
    income_record(household=household, by=cadre_a, year=YEAR, amounts=amounts)
    client = client_for(cadre_a)
    url = reverse("households:income", args=[household.pk])
    page = client.get(url, {"year": YEAR})
    assert page.context["form"].initial["wage"] == 8000 and 'id="stored-income"' in page.content.decode()
    post = {"period": "year", "year": YEAR, "wage": "9000", "business": "0", "property": "0", "transfer": "0",
            "business_expense": "0", "insurance_claims": "0", "compliant_self_paid": "0"}  # fmt: skip
    refused = client.post(url, post)
    assert refused.status_code == 200 and "替换已有记录" in refused.content.decode()
    assert household.incomes.get().wage == 8000  # not silently overwritten
    assert client.post(url, {**post, "replace": "on"}).status_code == 302
    assert household.incomes.get().wage == 9000


def test_visit_form_shows_income_change_as_large_buttons_outside_the_collapsed_section(
    client_for, cadre_a, make_household
):
    household = make_household(cadre_a)
    html = client_for(cadre_a).get(reverse("households:visit", args=[household.pk])).content.decode()
    buttons = html[html.index('id="income-change"') : html.index("<details")]
    assert buttons.count('class="btn-check"') == 3 and "btn-lg" in buttons and "基本持平" in buttons
