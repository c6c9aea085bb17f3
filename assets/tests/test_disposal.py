"""Disposal: township review then county approval, roles and scope enforced, proceeds recorded."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assets.choices import AssetClass, AssetStatus, OwnerType
from assets.models import Disposal
from assets.services.disposal import (
    disposal_approve,
    disposal_complete,
    disposal_reject,
    disposal_request,
    disposal_review,
)
from common.errors import Conflict, ServiceError

from .factories import make_asset


@pytest.fixture
def request_a(asset_a, cadre_a):
    return disposal_request(asset=asset_a, by=cadre_a, kind="scrap", reason="冷库制冷机组报废")


def test_full_approval_disposes_the_asset_and_keeps_history(request_a, township_user, county_user):
    disposal = disposal_review(disposal=request_a, by=township_user, opinion="情况属实")
    assert disposal.status == Disposal.Status.REVIEWED
    disposal = disposal_approve(disposal=disposal, by=county_user, opinion="同意报废")
    disposal = disposal_complete(
        disposal=disposal, by=county_user, proceeds=Decimal("3500.00"), disposed_on=date(2025, 3, 1)
    )
    asset = disposal.asset
    asset.refresh_from_db()
    assert (asset.status, asset.disposed_on) == (AssetStatus.DISPOSED, date(2025, 3, 1))
    assert disposal.proceeds == Decimal("3500.00")
    assert list(disposal.steps.values_list("action", flat=True)) == [
        "request",
        "review",
        "approve",
        "complete",
    ]
    assert asset.history.first().status == AssetStatus.DISPOSED
    with pytest.raises(ServiceError, match="已处置"):
        disposal_request(asset=asset, by=county_user, kind="transfer", reason="再次")


def test_county_cannot_approve_before_the_township_review(request_a, county_user):
    with pytest.raises(ServiceError, match="不能进行此操作"):
        disposal_approve(disposal=request_a, by=county_user, opinion="同意")


def test_wrong_role_cannot_review(request_a, cadre_a, county_user):
    with pytest.raises(PermissionDenied):
        disposal_review(disposal=request_a, by=cadre_a, opinion="自己审自己")
    with pytest.raises(PermissionDenied):
        disposal_review(disposal=request_a, by=county_user, opinion="越级")


def test_stale_second_review_is_a_conflict(request_a, township_user):
    stale = Disposal.objects.get(pk=request_a.pk)
    disposal_review(disposal=request_a, by=township_user, opinion="属实")
    with pytest.raises(Conflict):
        disposal_review(disposal=stale, by=township_user, opinion="重复点击")
    assert request_a.steps.filter(action="review").count() == 1


def test_rejection_frees_the_asset_for_a_new_request(request_a, township_user, cadre_a):
    disposal_reject(disposal=request_a, by=township_user, opinion="仍可使用")
    again = disposal_request(asset=request_a.asset, by=cadre_a, kind="transfer", reason="转让给合作社")
    assert again.status == Disposal.Status.REQUESTED


def test_household_class_asset_has_no_disposal(regions, cadre_a):
    cattle = make_asset(regions["village_a"], asset_class=AssetClass.HOUSEHOLD, name="到户肉牛")
    with pytest.raises(ServiceError, match="到户类资产"):
        disposal_request(asset=cattle, by=cadre_a, kind="auction", reason="卖掉")


def test_operator_owned_asset_is_not_disposed_through_the_workflow(regions, cadre_a):
    asset = make_asset(regions["village_a"], owner_type=OwnerType.OPERATOR)
    with pytest.raises(ServiceError, match="国有和村集体"):
        disposal_request(asset=asset, by=cadre_a, kind="auction", reason="卖掉")


def test_county_held_asset_is_reviewed_by_the_county(regions, county_user):
    reservoir = make_asset(
        regions["county"], name="八耳寺水库", asset_class=AssetClass.PUBLIC, owner_type=OwnerType.STATE
    )
    disposal = disposal_request(asset=reservoir, by=county_user, kind="scrap", reason="库区设备报废")
    disposal = disposal_review(disposal=disposal, by=county_user, opinion="属实")
    assert (
        disposal_approve(disposal=disposal, by=county_user, opinion="同意").status == Disposal.Status.APPROVED
    )


def test_pages_other_township_404_wrong_role_403(request_a, client_for, regions, cadre_a, county_user):
    from conftest import make_user

    other = make_user("other_township", "township", regions["other_township"])
    assert client_for(other).get(reverse("assets:disposal", args=[request_a.pk])).status_code == 404
    assert (
        client_for(other)
        .post(reverse("assets:disposal_act", args=[request_a.pk, "review"]), {"opinion": "x"})
        .status_code
        == 404
    )
    response = client_for(cadre_a).post(
        reverse("assets:disposal_act", args=[request_a.pk, "review"]), {"opinion": "x"}
    )
    assert response.status_code == 403
    request_a.refresh_from_db()
    assert request_a.status == Disposal.Status.REQUESTED


def test_household_class_request_page_shows_the_refusal(regions, cadre_a, client_for):
    cattle = make_asset(regions["village_a"], asset_class=AssetClass.HOUSEHOLD, name="到户肉牛")
    response = client_for(cadre_a).post(
        reverse("assets:disposal_new", args=[cattle.pk]), {"kind": "auction", "reason": "卖"}
    )
    assert response.status_code == 200
    assert "到户类资产" in response.content.decode()
    assert not Disposal.objects.exists()


def test_township_reviews_through_the_page(request_a, client_for, township_user):
    response = client_for(township_user).post(
        reverse("assets:disposal_act", args=[request_a.pk, "review"]), {"opinion": "情况属实"}
    )
    assert response.status_code == 302
    request_a.refresh_from_db()
    assert request_a.status == Disposal.Status.REVIEWED


def test_page_offers_only_the_actions_the_user_may_take(request_a, client_for, township_user, county_user):
    url = reverse("assets:disposal", args=[request_a.pk])
    assert client_for(county_user).get(url).context["actions"] == []
    assert client_for(township_user).get(url).context["actions"] == ["review", "reject"]


def test_moving_an_asset_into_another_township_is_refused(asset_a, township_user, regions):
    from assets.services.ledger import asset_update

    data = {
        f: getattr(asset_a, f) for f in ["code", "name", "project", "asset_class", "kind", "original_value"]
    }
    data.update(region=regions["village_c"], owner_type=asset_a.owner_type, operating_mode="leased")
    with pytest.raises(PermissionDenied):
        asset_update(
            asset=asset_a, by=township_user, data=data, fundings=[("central", asset_a.original_value)]
        )


def test_refused_completion_keeps_what_was_typed(request_a, client_for, township_user, county_user):
    disposal_approve(
        disposal=disposal_review(disposal=request_a, by=township_user, opinion="属实"),
        by=county_user,
        opinion="同意",
    )
    future = (date.today() + timedelta(days=1)).isoformat()
    response = client_for(county_user).post(
        reverse("assets:disposal_act", args=[request_a.pk, "complete"]),
        {"proceeds": "1200.00", "disposed_on": future, "proceeds_use": "用于村集体冷库维修基金"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "用于村集体冷库维修基金" in body and "处置日期不能晚于今天" in body
    assert response.context["complete_form"].errors["disposed_on"]
    request_a.refresh_from_db()
    assert request_a.status == Disposal.Status.APPROVED
