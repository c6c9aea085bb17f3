"""运维基金 (seed 001 line 419): contributions, requests level by level, spending, the balance;
roles and scope on every page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from assets.choices import AssetClass, AssetKind
from assets.models import FundRequest, MaintenanceReport
from assets.services.fund import (
    fund_balance,
    fund_contribution_record,
    fund_request_approve,
    fund_request_complete,
    fund_request_reject,
    fund_request_review,
    fund_request_submit,
    fund_spending_record,
)
from common.errors import ServiceError

from .factories import make_asset

D = Decimal
S = FundRequest.Status


@pytest.fixture
def road_a(regions):
    return make_asset(
        regions["village_a"], name="建龙村产业路", asset_class=AssetClass.PUBLIC, kind=AssetKind.ROAD,
        operating_mode="",
    )  # fmt: skip


@pytest.fixture
def road_c(regions):
    return make_asset(
        regions["village_c"], name="徐坪村产业路", asset_class=AssetClass.PUBLIC, kind=AssetKind.ROAD,
        operating_mode="",
    )  # fmt: skip


@pytest.fixture
def funded(regions, county_user):
    fund_contribution_record(
        county=regions["county"], by=county_user, received_on=date(2026, 3, 1), amount=D("50000.00"),
        source="budget",
    )  # fmt: skip
    return regions["county"]


@pytest.fixture
def request_a(road_a, cadre_a):
    return fund_request_submit(
        asset=road_a, by=cadre_a, amount_requested=D("30000.00"), reason="暴雨冲毁路基 80 米"
    )


def _approved(request_a, township_user, county_user, amount="20000.00"):
    fund_request_review(fund_request=request_a, by=township_user, opinion="情况属实")
    return fund_request_approve(
        fund_request=request_a, by=county_user, opinion="同意", amount_approved=D(amount)
    )


def test_level_by_level_then_spend_then_complete(funded, request_a, township_user, county_user):
    assert request_a.status == S.REQUESTED and request_a.county == funded
    fund_request = _approved(request_a, township_user, county_user)
    assert (fund_request.status, fund_request.amount_approved) == (S.APPROVED, D("20000.00"))
    assert fund_balance(funded) == {
        "received": D("50000.00"), "committed": D("20000.00"), "spent": D("0.00"), "available": D("30000.00"),
    }  # fmt: skip
    fund_spending_record(
        fund_request=fund_request,
        by=township_user,
        spent_on=date(2026, 5, 1),
        amount=D("18000.00"),
        payee="某建筑公司",
    )
    fund_request = fund_request_complete(fund_request=fund_request, by=township_user)
    assert fund_request.status == S.COMPLETED
    # What was approved but not spent returns to the fund.
    assert fund_balance(funded)["available"] == D("32000.00")
    assert list(fund_request.steps.values_list("action", flat=True)) == [
        "request",
        "review",
        "approve",
        "complete",
    ]
    assert fund_request.history.count() >= 3


def test_only_public_benefit_active_assets(regions, cadre_a, asset_a):
    with pytest.raises(ServiceError, match="公益性"):
        fund_request_submit(asset=asset_a, by=cadre_a, amount_requested=D("100"), reason="损坏")


def test_one_open_request_per_asset(request_a, road_a, cadre_a):
    with pytest.raises(ServiceError, match="未办结"):
        fund_request_submit(asset=road_a, by=cadre_a, amount_requested=D("100"), reason="又坏了")


def test_damage_report_must_be_the_assets_own(road_a, road_c, cadre_a, regions):
    other = MaintenanceReport.objects.create(
        asset=road_c, kind="damage", reported_on=date(2026, 4, 1), description="塌方", reported_by=cadre_a
    )
    with pytest.raises(ServiceError, match="损毁报告") as refused:
        fund_request_submit(
            asset=road_a, by=cadre_a, amount_requested=D("100"), reason="塌方", damage_report=other
        )
    assert refused.value.field == "damage_report"


def test_approval_within_the_request_and_the_balance(funded, request_a, township_user, county_user):
    fund_request_review(fund_request=request_a, by=township_user, opinion="属实")
    with pytest.raises(ServiceError, match="不能超过申请金额"):
        fund_request_approve(
            fund_request=request_a, by=county_user, opinion="同意", amount_approved=D("30000.01")
        )
    fund_contribution_record(  # a second county's money does not count
        county=funded, by=county_user, received_on=date(2026, 3, 2), amount=D("1.00"), source="other"
    )
    request_a.amount_requested = D("60000.00")
    request_a.save(update_fields=["amount_requested"])
    with pytest.raises(ServiceError, match="可用余额 50001.00 元"):
        fund_request_approve(
            fund_request=request_a, by=county_user, opinion="同意", amount_approved=D("60000.00")
        )


def test_spending_never_beyond_the_approval(funded, request_a, township_user, county_user):
    fund_request = _approved(request_a, township_user, county_user, "1000.00")
    fund_spending_record(
        fund_request=fund_request, by=county_user, spent_on=date(2026, 5, 1), amount=D("600"), payee="甲"
    )
    with pytest.raises(ServiceError, match="累计支出不能超过批准金额"):
        fund_spending_record(
            fund_request=fund_request,
            by=county_user,
            spent_on=date(2026, 5, 2),
            amount=D("400.01"),
            payee="乙",
        )
    with pytest.raises(ServiceError, match="晚于今天"):
        fund_spending_record(
            fund_request=fund_request, by=county_user, spent_on=timezone.localdate() + timedelta(days=1),
            amount=D("1"), payee="乙",
        )  # fmt: skip


def test_no_spending_before_approval_and_no_completion_without_spending(
    funded, request_a, township_user, county_user
):
    with pytest.raises(ServiceError, match="已批准"):
        fund_spending_record(
            fund_request=request_a, by=county_user, spent_on=date(2026, 5, 1), amount=D("1"), payee="甲"
        )
    fund_request = _approved(request_a, township_user, county_user)
    with pytest.raises(ServiceError, match="先登记支出"):
        fund_request_complete(fund_request=fund_request, by=county_user)


def test_wrong_roles_are_refused(funded, request_a, cadre_a, township_user, county_user, regions):
    with pytest.raises(PermissionDenied):
        fund_request_review(fund_request=request_a, by=cadre_a, opinion="自己审")
    with pytest.raises(PermissionDenied):
        fund_contribution_record(
            county=regions["county"],
            by=township_user,
            received_on=date(2026, 3, 1),
            amount=D("1"),
            source="other",
        )
    fund_request_review(fund_request=request_a, by=township_user, opinion="属实")
    with pytest.raises(PermissionDenied):
        fund_request_approve(fund_request=request_a, by=township_user, opinion="越权", amount_approved=D("1"))
    rejected = fund_request_reject(fund_request=request_a, by=county_user, opinion="另行安排")
    assert rejected.status == S.REJECTED


# -- pages ------------------------------------------------------------------------------------


def test_fund_page_shows_balance_and_requests(client_for, county_user, funded, request_a):
    html = client_for(county_user).get(reverse("assets:fund")).content.decode()
    assert "50,000.00" in html and "建龙村产业路" in html and "登记基金筹集" in html


def test_village_sees_its_requests_but_cannot_contribute(
    client_for, cadre_a, funded, request_a, road_c, cadre_b
):
    client = client_for(cadre_a)
    html = client.get(reverse("assets:fund")).content.decode()
    assert "建龙村产业路" in html and "登记基金筹集" not in html
    response = client.post(
        reverse("assets:fund_contribute"),
        {"county": "500230000000", "received_on": "2026-03-01", "amount": "1", "source": "other"},
    )
    assert response.status_code in (403, 404)


def test_request_page_of_another_village_is_404(client_for, cadre_b, request_a):
    assert client_for(cadre_b).get(reverse("assets:fund_request", args=[request_a.pk])).status_code == 404


def test_wrong_role_action_is_403(client_for, cadre_a, request_a):
    response = client_for(cadre_a).post(
        reverse("assets:fund_act", args=[request_a.pk, "review"]), {"opinion": "x"}
    )
    assert response.status_code == 403


def test_unknown_action_is_404_and_another_villages_request_404_before_the_action(
    client_for, cadre_a, cadre_b, request_a
):
    bogus = reverse("assets:fund_act", args=[request_a.pk, "bogus"])
    assert client_for(cadre_a).post(bogus, {"opinion": "x"}).status_code == 404
    review = reverse("assets:fund_act", args=[request_a.pk, "review"])
    assert client_for(cadre_b).post(review, {"opinion": "x"}).status_code == 404


def test_request_form_keeps_input_after_a_refusal(client_for, cadre_a, asset_a):
    url = reverse("assets:fund_request_new", args=[asset_a.pk])
    response = client_for(cadre_a).post(url, {"amount_requested": "1234.50", "reason": "水毁"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "公益性" in html and 'value="1234.50"' in html and "水毁" in html
    assert not FundRequest.objects.exists()


def test_the_whole_path_through_the_pages(client_for, cadre_a, township_user, county_user, funded, road_a):
    response = client_for(cadre_a).post(
        reverse("assets:fund_request_new", args=[road_a.pk]),
        {"amount_requested": "3000", "reason": "护栏损毁"},
    )
    fund_request = FundRequest.objects.get()
    assert response.status_code == 302
    client_for(township_user).post(
        reverse("assets:fund_act", args=[fund_request.pk, "review"]), {"opinion": "属实"}
    )
    page = (
        client_for(county_user).get(reverse("assets:fund_request", args=[fund_request.pk])).content.decode()
    )
    assert 'value="3000.00"' in page  # the approval starts from the amount asked
    too_much = client_for(county_user).post(
        reverse("assets:fund_act", args=[fund_request.pk, "approve"]),
        {"opinion": "同意", "amount_approved": "3000.01"},
    )
    assert too_much.status_code == 200
    assert "不能超过申请金额" in too_much.content.decode() and "同意</textarea>" in too_much.content.decode()
    client_for(county_user).post(
        reverse("assets:fund_act", args=[fund_request.pk, "approve"]),
        {"opinion": "同意", "amount_approved": "2500"},
    )
    client_for(township_user).post(
        reverse("assets:fund_spend", args=[fund_request.pk]),
        {"spent_on": "2026-05-01", "amount": "2400", "payee": "某公司"},
    )
    client_for(township_user).post(
        reverse("assets:fund_act", args=[fund_request.pk, "complete"]), {"opinion": ""}
    )
    fund_request.refresh_from_db()
    assert fund_request.status == S.COMPLETED
    page = client_for(cadre_a).get(reverse("assets:fund_request", args=[fund_request.pk])).content.decode()
    assert "审核通过 → 待县级审批" in page and "办结 → 已办结" in page and "某公司" in page


# -- the public notice of ownership and operation ---------------------------------------------


def test_village_notice_lists_ownership_and_operation(client_for, cadre_a, asset_a, road_c, county_user):
    from assets.models import AssetIncome

    AssetIncome.objects.create(
        asset=asset_a, year=timezone.localdate().year - 1, amount=D("12000.00"), recorded_by=county_user
    )
    html = client_for(cadre_a).get(reverse("assets:notice")).content.decode()
    assert "建龙村扶贫项目资产权属及运营管理情况公示" in html
    assert "建龙村冷链保鲜库" in html and "12,000.00" in html and "出租" in html
    assert "徐坪村光伏电站" not in html and "徐坪村产业路" not in html
    assert "data-print" in html


def test_village_notice_of_another_village_is_404(client_for, cadre_a, regions):
    response = client_for(cadre_a).get(reverse("assets:notice"), {"region": regions["village_c"].code})
    assert response.status_code == 404


def test_county_picks_a_village_for_the_notice(client_for, county_user, asset_a, regions):
    client = client_for(county_user)
    assert "生成公示" in client.get(reverse("assets:notice")).content.decode()
    html = client.get(reverse("assets:notice"), {"region": regions["village_a"].code}).content.decode()
    assert "建龙村冷链保鲜库" in html


def test_notice_refused_to_department_users(client_for, department_user):
    assert client_for(department_user).get(reverse("assets:notice")).status_code == 403


def test_fund_ledger_lists_requests_with_spending(
    client_for, funded, request_a, township_user, county_user, road_c
):
    from ledgers.tests.test_export import export, sheet_rows

    fund_request = _approved(request_a, township_user, county_user, "2000.00")
    fund_spending_record(
        fund_request=fund_request, by=county_user, spent_on=date(2026, 5, 1), amount=D("1500"), payee="甲"
    )
    fund_spending_record(
        fund_request=fund_request, by=county_user, spent_on=date(2026, 5, 2), amount=D("300"), payee="乙"
    )
    fund_request_submit(asset=road_c, by=county_user, amount_requested=D("10"), reason="江池镇的路")
    rows = sheet_rows(export(client_for(township_user), "fund_requests").worksheets[0])
    header = rows[1]
    assert header[:3] == ["资产编号", "资产名称", "所在区域"]
    row = dict(zip(header, rows[2], strict=False))
    assert (row["资产名称"], row["批准金额（元）"], row["已支出（元）"], row["状态"]) == (
        "建龙村产业路", 2000, 1800, "已批准待支出",
    )  # fmt: skip
    assert len(rows) == 3  # the township reads its own villages only


def test_api_lists_requests_in_scope_with_payments(
    client_for, cadre_b, township_user, funded, request_a, county_user
):
    fund_request = _approved(request_a, township_user, county_user, "2000.00")
    fund_spending_record(
        fund_request=fund_request, by=county_user, spent_on=date(2026, 5, 1), amount=D("1500"), payee="甲"
    )
    body = client_for(township_user).get("/api/v1/asset-fund-requests/").json()
    assert [r["asset_code"] for r in body["results"]] == [request_a.asset.code]
    assert body["results"][0]["spendings"][0]["amount"] == "1500.00"
    assert client_for(cadre_b).get("/api/v1/asset-fund-requests/").json()["results"] == []
    assert client_for(cadre_b).get(f"/api/v1/asset-fund-requests/{fund_request.pk}/").status_code == 404


def test_each_step_tells_the_next_and_the_requester(
    funded, road_a, cadre_a, township_user, county_user, django_capture_on_commit_callbacks
):
    from common.models import Notification

    def inbox(user):
        return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        fund_request = fund_request_submit(
            asset=road_a, by=cadre_a, amount_requested=D("3000"), reason="护栏损毁"
        )
    assert inbox(township_user) == ["建龙村产业路申请运维基金 3000 元，请审核。"]
    assert inbox(cadre_a) == []  # never the one who acted
    with django_capture_on_commit_callbacks(execute=True):
        fund_request_review(fund_request=fund_request, by=township_user, opinion="属实")
    assert inbox(county_user) == ["建龙村产业路的运维基金申请已通过审核，请县级审批。"]
    with django_capture_on_commit_callbacks(execute=True):
        fund_request_approve(
            fund_request=fund_request, by=county_user, opinion="同意", amount_approved=D("2500")
        )
    assert "建龙村产业路的运维基金申请已批准 2500 元。" in inbox(cadre_a)
    assert "建龙村产业路的运维基金申请已批准 2500 元。" in inbox(township_user)


def test_requests_at_my_step_are_counted_on_the_home_page(
    client_for, funded, request_a, township_user, county_user
):
    html = client_for(township_user).get(reverse("home")).content.decode()
    assert "运维基金申请待审核" in html and reverse("assets:fund") in html
    assert "运维基金申请待审核" not in client_for(county_user).get(reverse("home")).content.decode()
    fund_request_review(fund_request=request_a, by=township_user, opinion="属实")
    assert "运维基金申请待审核" in client_for(county_user).get(reverse("home")).content.decode()
    assert "运维基金申请待审核" not in client_for(township_user).get(reverse("home")).content.decode()
