from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from conftest import make_user
from indicators.models import Actual, Plan


def _plan_url(key, *args):
    return reverse("indicators:plan", args=[key, *args])


def test_fengdu_users_see_the_city_and_fengdu_plans_not_pengshui(
    plans, client_for, county_user, township_user
):
    for user in (county_user, township_user):
        assert set(Plan.objects.visible_to(user).values_list("key", flat=True)) == {
            "chongqing-2021",
            "fengdu-2021",
        }
        client = client_for(user)
        assert client.get(_plan_url("fengdu-2021")).status_code == 200
        assert client.get(_plan_url("chongqing-2021")).status_code == 200
        assert client.get(_plan_url("pengshui-2021")).status_code == 404


def test_city_viewer_sees_every_plan(plans, regions):
    city_viewer = make_user("city_viewer", Role.VIEWER, regions["city"])
    assert Plan.objects.visible_to(city_viewer).count() == 3


def test_users_without_register_role_get_403(plans, client_for, nobody, department_user):
    for user in (nobody, department_user):
        assert client_for(user).get(reverse("indicators:index")).status_code == 403
        assert Plan.objects.visible_to(user).count() == 0


def test_plan_page_lists_rows_with_status_and_chart_data(plans, client_for, county_user, regions):
    indicator = plans["fengdu-2021"].indicators.get(order=7)  # 农村自来水普及率 86% → 88%
    Actual.objects.create(
        indicator=indicator, region=regions["county"], year=2023, value=Decimal("88.5"), source="统计"
    )
    body = client_for(county_user).get(_plan_url("fengdu-2021")).content.decode()
    assert "监测户帮扶率" in body and "≥32.4万吨" in body
    assert "88.5" in body and "status-achieved" in body
    assert 'id="indicator-charts"' in body and "echarts.min.js" in body


def test_county_user_enters_an_actual_and_history_is_kept(plans, client_for, county_user, regions):
    client = client_for(county_user)
    url = reverse("indicators:actual", args=["fengdu-2021", 3])
    response = client.post(url, {"year": 2024, "value": "97.1", "source": "县教委"})
    assert response.status_code == 302
    client.post(url, {"year": 2024, "value": "97.4", "source": "县教委（更正）"})
    actual = Actual.objects.get(indicator__plan__key="fengdu-2021", indicator__order=3, year=2024)
    assert (
        actual.value == Decimal("97.4")
        and actual.entered_by == county_user
        and actual.region == regions["county"]
    )
    assert [h.value for h in actual.history.order_by("history_date")] == [Decimal("97.1"), Decimal("97.4")]
    assert "97.1" in client.get(url).content.decode()


def test_county_user_enters_county_figures_for_the_city_plan(plans, client_for, county_user, regions):
    url = reverse("indicators:actual", args=["chongqing-2021", 3]) + f"?region={regions['county'].code}"
    assert (
        client_for(county_user).post(url, {"year": 2023, "value": "96.2", "source": "x"}).status_code == 302
    )
    assert Actual.objects.get(indicator__plan__key="chongqing-2021", year=2023).region == regions["county"]
    # …but not the city's own figures.
    city_url = reverse("indicators:actual", args=["chongqing-2021", 3])
    assert client_for(county_user).get(city_url).status_code == 403


def test_actual_entry_is_county_only(plans, client_for, township_user, viewer):
    url = reverse("indicators:actual", args=["fengdu-2021", 3])
    for user in (township_user, viewer):
        assert client_for(user).post(url, {"year": 2024, "value": "97", "source": "x"}).status_code == 403
    assert not Actual.objects.exists()


def test_other_county_plan_entry_is_not_found(plans, client_for, county_user, regions):
    url = reverse("indicators:actual", args=["pengshui-2021", 2])
    assert client_for(county_user).get(url).status_code == 404
    outside = (
        reverse("indicators:actual", args=["fengdu-2021", 3]) + f"?region={regions['other_county'].code}"
    )
    assert client_for(county_user).get(outside).status_code == 404


def test_computed_and_numeric_rules_refuse_bad_entries(plans, client_for, county_user):
    client = client_for(county_user)
    computed = reverse("indicators:actual", args=["fengdu-2021", 22])
    body = client.post(computed, {"year": 2024, "value": "99", "source": "x"}, follow=True).content.decode()
    assert "由系统根据监测帮扶数据计算" in body
    numeric = reverse("indicators:actual", args=["fengdu-2021", 3])
    body = client.post(numeric, {"year": 2030 + 10, "value": "99", "source": "x"}).content.decode()
    assert "年度应在" in body
    body = client.post(numeric, {"year": 2024, "value": "", "source": "x"}).content.decode()
    assert "请填写数值" in body
    assert not Actual.objects.exists()


def test_qualitative_indicator_takes_the_county_assessment(plans, client_for, county_user):
    url = reverse("indicators:actual", args=["fengdu-2021", 13])  # 保持规模总体稳定
    client_for(county_user).post(
        url, {"year": 2024, "value_text": "规模稳定", "assessment": "on_track", "source": "x"}
    )
    body = client_for(county_user).get(_plan_url("fengdu-2021")).content.decode()
    assert "status-on_track" in body


def test_export_has_every_indicator_and_the_actuals(
    plans, client_for, viewer, regions, django_assert_max_num_queries
):
    indicator = plans["fengdu-2021"].indicators.get(order=8)
    Actual.objects.create(
        indicator=indicator, region=regions["county"], year=2024, value=Decimal(86), source="x"
    )
    client = client_for(viewer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("indicators:export", args=["fengdu-2021"]))
    sheet = load_workbook(BytesIO(response.content)).active
    assert "指标完成情况" in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["序号", "分组", "指标"] and "2024年实际" in header and header[-1] == "评估"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 22
    assert rows[7][2] == "农村卫生户厕普及率" and rows[7][header.index("2024年实际")] == 86
    assert rows[-1][:3] == ("12", None, "监测户帮扶率")


def test_recompute_is_a_county_post(plans, client_for, county_user, township_user):
    url = reverse("indicators:recompute")
    assert client_for(township_user).post(url).status_code == 403
    assert client_for(county_user).get(url).status_code == 405
    response = client_for(county_user).post(url, {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("indicators:index")


def test_nav_shows_indicators_to_county_township_viewer(plans, client_for, county_user, cadre_a):
    link = f'href="{reverse("indicators:index")}"'
    assert link in client_for(county_user).get(reverse("home")).content.decode()
    assert link not in client_for(cadre_a).get(reverse("home")).content.decode()


def test_plan_list_query_count(plans, client_for, county_user, django_assert_max_num_queries):
    client = client_for(county_user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("indicators:index")).status_code == 200


def test_plan_page_query_count_does_not_grow_with_actuals(
    plans, client_for, county_user, regions, django_assert_max_num_queries
):
    for indicator in plans["fengdu-2021"].indicators.filter(metric=""):
        for year in (2021, 2022, 2023):
            Actual.objects.create(
                indicator=indicator, region=regions["county"], year=year, value=Decimal(1), source="x"
            )
    client = client_for(county_user)
    with django_assert_max_num_queries(10):
        assert client.get(_plan_url("fengdu-2021")).status_code == 200


def test_plan_region_outside_the_scope_is_not_found(plans, client_for, township_user, county_user, regions):
    client = client_for(township_user)
    assert client.get(_plan_url("fengdu-2021"), {"region": regions["other_township"].code}).status_code == 404
    assert client.get(_plan_url("fengdu-2021"), {"region": regions["township"].code}).status_code == 200
    county = client_for(county_user)
    assert (
        county.get(_plan_url("chongqing-2021"), {"region": regions["other_county"].code}).status_code == 404
    )


def test_city_plan_shows_the_county_figures_when_asked(plans, client_for, county_user, regions):
    indicator = plans["chongqing-2021"].indicators.get(order=7)
    Actual.objects.create(
        indicator=indicator, region=regions["county"], year=2024, value=Decimal("87.25"), source="x"
    )
    client = client_for(county_user)
    assert "87.25" not in client.get(_plan_url("chongqing-2021")).content.decode()
    body = client.get(_plan_url("chongqing-2021"), {"region": regions["county"].code}).content.decode()
    assert "87.25" in body and "丰都县" in body


def test_charts_draw_numeric_targets_only(plans, regions):
    from indicators.selectors import progress_rows

    rows = {row.indicator.order: row for row in progress_rows(plans["fengdu-2021"], regions["county"])}
    assert rows[1].chart is None  # 高于全市平均水平: no scale
    assert rows[7].chart["path"] == [[2020, 86.0], [2025, 88.0]]
    assert rows[22].chart["path"] == [[2025, 100.0]] and rows[22].chart["years"] == [2021, 2025]


def test_recompute_queues_both_refreshes_on_commit(
    plans, client_for, county_user, django_capture_on_commit_callbacks, monkeypatch
):
    from indicators import tasks

    started = []
    monkeypatch.setattr(tasks.snapshot_refresh, "delay", lambda: started.append("snapshot"))
    monkeypatch.setattr(tasks.computed_refresh, "delay", lambda: started.append("computed"))
    with django_capture_on_commit_callbacks() as queued:
        client_for(county_user).post(reverse("indicators:recompute"))
    assert started == [] and len(queued) == 2  # queued by the service, started only after commit
    for callback in queued:
        callback()
    assert started == ["snapshot", "computed"]


def test_refused_actual_shows_the_error_on_its_field_and_keeps_the_input(plans, client_for, county_user):
    url = reverse("indicators:actual", args=["fengdu-2021", 3])
    response = client_for(county_user).post(url, {"year": 2040, "value": "97.5", "source": "县统计局年报"})
    assert response.status_code == 200
    assert "年度应在" in str(response.context["form"].errors["year"])
    body = response.content.decode()
    assert 'value="县统计局年报"' in body and 'value="97.5"' in body
    assert not Actual.objects.exists()


def test_a_computed_worded_indicator_takes_only_the_assessment(plans, county_user, regions):
    """公益岗位脱贫人口就业比重 is computed from the register (employment); its worded target still
    needs the county's judgement, which the nightly refresh keeps."""
    import pytest

    from common.errors import ServiceError
    from indicators.models import Actual
    from indicators.services import actual_record

    indicator = plans["fengdu-2021"].indicators.get(order=13)
    assert indicator.metric  # bound by the loader
    Actual.objects.create(
        indicator=indicator, region=regions["county"], year=2024, value=Decimal("40.00"), source="系统计算",
        computed=True,
    )  # fmt: skip
    with pytest.raises(ServiceError, match="不能手工填报数值"):
        actual_record(indicator=indicator, region=regions["county"], year=2024, by=county_user, source="x",
                      value=Decimal(50))  # fmt: skip
    actual = actual_record(
        indicator=indicator,
        region=regions["county"],
        year=2024,
        by=county_user,
        source="x",
        assessment="on_track",
    )
    actual.refresh_from_db()
    assert (actual.value, actual.computed, actual.assessment) == (Decimal("40.00"), True, "on_track")
