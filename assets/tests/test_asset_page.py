"""The asset page and what is posted from it: beneficiaries, income, reports, evaluations."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assets.services.ledger import asset_beneficiaries_set
from common.errors import ServiceError
from households.tests.factories import HouseholdFactory


def test_asset_page_renders_every_section(client_for, cadre_a, asset_a):
    response = client_for(cadre_a).get(reverse("assets:asset", args=[asset_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ["收益与分配", "受益农户", "管护与损毁报告", "绩效评价", "变更记录", asset_a.code]:
        assert text in body


def test_beneficiaries_are_rewritten_and_must_live_in_the_region(client_for, cadre_a, asset_a, regions):
    homes = [HouseholdFactory(village=regions["village_a"]) for _ in range(3)]
    outsider = HouseholdFactory(village=regions["village_c"])
    client = client_for(cadre_a)
    url = reverse("assets:beneficiaries", args=[asset_a.pk])
    client.post(url, {"numbers": f"{homes[0].number}\n{homes[1].number}"})
    assert set(asset_a.beneficiaries.all()) == {homes[0], homes[1]}
    client.post(url, {"numbers": f"{homes[1].number}, {homes[2].number}"})
    assert set(asset_a.beneficiaries.all()) == {homes[1], homes[2]}
    client.post(url, {"numbers": outsider.number})
    assert set(asset_a.beneficiaries.all()) == {homes[1], homes[2]}  # refused whole
    with pytest.raises(ServiceError, match="不在资产所在区域"):
        asset_beneficiaries_set(asset=asset_a, by=cadre_a, households=[outsider])


def test_other_village_cadre_cannot_change_beneficiaries(client_for, cadre_b, asset_a):
    response = client_for(cadre_b).post(reverse("assets:beneficiaries", args=[asset_a.pk]), {"numbers": ""})
    assert response.status_code == 404


def test_income_posted_from_the_page_and_viewer_refused(client_for, cadre_a, viewer, asset_a):
    url = reverse("assets:income_new", args=[asset_a.pk])
    assert client_for(viewer).post(url, {"year": 2024, "amount": "100"}).status_code == 403
    client_for(cadre_a).post(url, {"year": 2024, "amount": "8800.50"})
    assert asset_a.incomes.get(year=2024).amount == Decimal("8800.50")


def test_damage_report_and_evaluation(client_for, cadre_a, township_user, asset_a):
    client = client_for(cadre_a)
    client.post(
        reverse("assets:report_new", args=[asset_a.pk]),
        {"kind": "damage", "reported_on": "2025-07-02", "description": "暴雨冲毁库房围墙", "cost": "1200"},
    )
    assert asset_a.maintenance_reports.get().kind == "damage"
    # Evaluation is the township's or county's call, not the village's.
    assert (
        client.post(
            reverse("assets:evaluation_new", args=[asset_a.pk]), {"year": 2024, "rating": "good"}
        ).status_code
        == 403
    )
    client_for(township_user).post(
        reverse("assets:evaluation_new", args=[asset_a.pk]),
        {"year": 2024, "rating": "fair", "note": "收益稳定"},
    )
    assert asset_a.performance_notes.get(year=2024).rating == "fair"


def test_household_class_asset_has_one_household(cadre_a, regions):
    from .factories import make_asset

    cattle = make_asset(regions["village_a"], asset_class="household", name="到户肉牛")
    homes = [HouseholdFactory(village=regions["village_a"]) for _ in range(2)]
    with pytest.raises(ServiceError, match="只归属一户"):
        asset_beneficiaries_set(asset=cattle, by=cadre_a, households=homes)


def test_department_user_cannot_set_beneficiaries(department_user, asset_a):
    with pytest.raises(PermissionDenied):
        asset_beneficiaries_set(asset=asset_a, by=department_user, households=[])
