"""``GET /api/v1/appeals/`` (scoped, read-only, in the schema) and the 申诉台账 rows."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from appeals import services
from appeals.models import Appeal
from ledgers.registry import LEDGERS, Filters

from .conftest import TODAY


def api(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def two_appeals(make_rejected, register_appeal, regions, cadre_b, township_user):
    a = register_appeal(*make_rejected())
    services.appeal_dismiss(appeal=a, by=township_user, opinion="不成立")
    b = register_appeal(*make_rejected(village=regions["village_b"]), by=cadre_b)
    return a, b


def test_api_lists_appeals_in_scope_only(two_appeals, cadre_a, township_user):
    a, b = two_appeals
    rows = api(cadre_a).get("/api/v1/appeals/").json()["results"]
    assert [r["id"] for r in rows] == [a.pk]
    assert rows[0]["status"] == "informing" and rows[0]["outcome"] == "dismissed"
    assert rows[0]["village_code"] == "500230201201" and rows[0]["overdue"] is False
    assert api(cadre_a).get(f"/api/v1/appeals/{b.pk}/").status_code == 404
    ids = {r["id"] for r in api(township_user).get("/api/v1/appeals/").json()["results"]}
    assert ids == {a.pk, b.pk}


def test_api_filters_and_is_read_only(two_appeals, township_user, county_user, regions):
    a, b = two_appeals
    client = api(township_user)
    assert [r["id"] for r in client.get("/api/v1/appeals/", {"status": "township"}).json()["results"]] == [
        b.pk
    ]
    assert [
        r["id"] for r in client.get("/api/v1/appeals/", {"village": "500230201201"}).json()["results"]
    ] == [a.pk]
    assert client.post("/api/v1/appeals/", {}).status_code == 405
    from conftest import make_user

    other = make_user("other_township", "township", regions["other_township"])
    assert api(other).get("/api/v1/appeals/").json()["results"] == []
    assert api(other).get(f"/api/v1/appeals/{a.pk}/").status_code == 404


def test_api_is_in_the_schema(client_for, county_user):
    schema = client_for(county_user).get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/v1/appeals/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/appeals/"]["get"]["parameters"]}
    assert {"status", "kind", "overdue", "village", "region"} <= params


def test_ledger_rows_scope_and_filters(two_appeals, cadre_a, township_user):
    a, b = two_appeals
    ledger = LEDGERS["appeals"]
    assert list(ledger.rows_for(cadre_a, Filters()).values_list("pk", flat=True)) == [a.pk]
    assert set(ledger.rows_for(township_user, Filters()).values_list("pk", flat=True)) == {a.pk, b.pk}
    assert list(ledger.rows_for(township_user, Filters(status="township")).values_list("pk", flat=True)) == [
        b.pk
    ]
    assert (
        list(ledger.rows_for(township_user, Filters(category="objection")).values_list("pk", flat=True)) == []
    )


def test_ledger_export_columns_and_a_row(two_appeals, client_for, cadre_a):
    from ledgers.tests.conftest import sheet_rows
    from ledgers.tests.test_export import export

    a, _ = two_appeals
    rows = sheet_rows(export(client_for(cadre_a), "appeals").worksheets[0])
    assert rows[1] == [
        "乡镇（街道）", "村（社区）", "户编号", "户主姓名", "申诉人", "申诉事项", "收到申诉日期", "申诉理由", "状态",
        "待办步骤", "办理时限", "是否逾期", "乡镇复核意见", "乡镇复核日期", "县级复核意见", "县级复核日期", "复核结果",
        "后续处理", "告知日期", "告知方式",
    ]  # fmt: skip
    day = datetime.datetime(2026, 6, 1)
    assert rows[2:] == [
        ["栗子乡", "建龙村", a.household.number, "王大山", "王大山", "不予纳入", day, "家中有重病患者，收入核算有误",
         "待结果告知", "结果告知", datetime.datetime(2026, 6, 6), None, "不成立", day, None, None, "乡镇复核驳回",
         None, None, None],
    ]  # fmt: skip


def test_closed_rows_have_no_deadline(two_appeals, cadre_a):
    a, _ = two_appeals
    services.appeal_inform(appeal=a, by=cadre_a, informed_on=TODAY, way=Appeal.Way.WRITTEN)
    from ledgers.definitions.appeals import due_while_open, overdue_mark

    assert due_while_open(a.due_on, Appeal.Status.CLOSED) is None
    assert overdue_mark(TODAY - datetime.timedelta(days=9), Appeal.Status.CLOSED) == ""
    assert overdue_mark(TODAY - datetime.timedelta(days=1), Appeal.Status.COUNTY) == "逾期"


def test_ledger_and_api_queries_do_not_grow_with_rows(make_rejected, register_appeal, township_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ledger = LEDGERS["appeals"]

    def count():
        user = type(township_user).objects.get(pk=township_user.pk)
        with CaptureQueriesContext(connection) as ledger_queries:
            list(ledger.iter_cells(ledger.rows_for(user, Filters()), full_ids=False))
        with CaptureQueriesContext(connection) as api_queries:
            assert api(user).get("/api/v1/appeals/").status_code == 200
        return len(ledger_queries), len(api_queries)

    register_appeal(*make_rejected())
    count()  # the token is created on the first call
    before = count()
    for _ in range(4):
        register_appeal(*make_rejected())
    assert count() == before
