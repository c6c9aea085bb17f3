"""Income and distribution: exact sums, democratic decision, priority to 脱贫户, public notice."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from assets.choices import AssetClass
from assets.models import DistributionPlan
from assets.selectors import distribution_priority
from assets.services.income import (
    distribution_plan_create,
    distribution_plan_decide,
    distribution_plan_publish,
    distribution_shares_set,
    income_record,
)
from common.errors import ServiceError
from households.choices import HouseholdFlagKind
from households.models import HouseholdFlag
from households.tests.factories import HouseholdFactory

from .factories import make_asset

D = Decimal


@pytest.fixture
def plan(asset_a, cadre_a):
    income_record(asset=asset_a, by=cadre_a, year=2024, amount=D("10000.00"))
    return distribution_plan_create(asset=asset_a, by=cadre_a, year=2024, amount=D("1000.00"), method="wages")


@pytest.fixture
def homes(regions):
    village = regions["village_a"]
    poor = [HouseholdFactory(village=village, head_name=f"脱贫户{i}", phone="13912345678") for i in range(2)]
    for household in poor:
        HouseholdFlag.objects.create(household=household, kind=HouseholdFlagKind.FORMER_POOR, exit_year=2019)
    other = HouseholdFactory(village=village, head_name="一般户")
    far = HouseholdFactory(village=regions["village_c"], head_name="外村户")
    return {"poor": poor, "other": other, "far": far}


def _decide(plan, by, **over):
    kwargs = dict(
        meeting_on=date(2025, 1, 10),
        votes_for=30,
        votes_against=2,
        votes_abstain=1,
        minutes="村民代表会议通过",
    )
    kwargs.update(over)
    return distribution_plan_decide(plan=plan, by=by, **kwargs)


def test_decision_requires_the_list_to_add_up_exactly(plan, homes, cadre_a):
    # 333.33 + 333.33 + 333.33 = 999.99: one cent short, refused.
    rows = [(h, D("333.33")) for h in [*homes["poor"], homes["other"]]]
    distribution_shares_set(plan=plan, by=cadre_a, rows=rows)
    with pytest.raises(ServiceError, match="不相等"):
        _decide(plan, cadre_a)
    rows[-1] = (homes["other"], D("333.34"))
    distribution_shares_set(plan=plan, by=cadre_a, rows=rows)
    plan = _decide(plan, cadre_a)
    assert plan.status == DistributionPlan.Status.DECIDED
    assert sum(s.amount for s in plan.shares.all()) == D("1000.00")


def test_decision_needs_a_majority_and_minutes(plan, homes, cadre_a):
    distribution_shares_set(plan=plan, by=cadre_a, rows=[(homes["poor"][0], D("1000.00"))])
    with pytest.raises(ServiceError, match="半数"):
        _decide(plan, cadre_a, votes_for=10, votes_against=8, votes_abstain=2)
    with pytest.raises(ServiceError, match="纪要"):
        _decide(plan, cadre_a, minutes=" ")
    assert DistributionPlan.objects.get(pk=plan.pk).status == DistributionPlan.Status.DRAFT


def test_households_outside_the_assets_region_are_refused(plan, homes, cadre_a):
    with pytest.raises(ServiceError, match="不在资产所在区域"):
        distribution_shares_set(plan=plan, by=cadre_a, rows=[(homes["far"], D("1000.00"))])


def test_plan_cannot_exceed_the_years_income(asset_a, cadre_a):
    income_record(asset=asset_a, by=cadre_a, year=2024, amount=D("500.00"))
    with pytest.raises(ServiceError, match="不超过当年收益"):
        distribution_plan_create(asset=asset_a, by=cadre_a, year=2024, amount=D("500.01"), method="cash")
    with pytest.raises(ServiceError, match="请先登记"):
        distribution_plan_create(asset=asset_a, by=cadre_a, year=2023, amount=D("1"), method="cash")


def test_household_class_assets_have_no_distribution(regions, cadre_a):
    cattle = make_asset(regions["village_a"], asset_class=AssetClass.HOUSEHOLD, name="到户肉牛")
    with pytest.raises(ServiceError, match="到户类资产"):
        distribution_plan_create(asset=cattle, by=cadre_a, year=2024, amount=D("1"), method="cash")
    with pytest.raises(ServiceError, match="到户类资产"):
        income_record(asset=cattle, by=cadre_a, year=2024, amount=D("1"))


def test_priority_check_warns_when_former_poor_left_out(plan, homes, cadre_a):
    distribution_shares_set(
        plan=plan, by=cadre_a, rows=[(homes["poor"][0], D("500")), (homes["other"], D("500"))]
    )
    check = distribution_priority(plan)
    assert (check["count"], check["poor_count"], check["left_out"]) == (2, 1, 1)
    assert check["poor_share"] == D("0.50") and not check["prioritised"]
    distribution_shares_set(
        plan=plan,
        by=cadre_a,
        rows=[(homes["poor"][0], D("400")), (homes["poor"][1], D("400")), (homes["other"], D("200"))],
    )
    assert distribution_priority(plan)["prioritised"]


def test_public_notice_shows_names_and_amounts_but_no_ids_or_phones(plan, homes, cadre_a, client_for):
    distribution_shares_set(plan=plan, by=cadre_a, rows=[(homes["poor"][0], D("1000.00"))])
    _decide(plan, cadre_a)
    distribution_plan_publish(plan=plan, by=cadre_a)
    body = client_for(cadre_a).get(reverse("assets:plan_notice", args=[plan.pk])).content.decode()
    assert "脱贫户0" in body and "1,000.00" in body
    assert "13912345678" not in body and homes["poor"][0].number not in body


def test_shares_page_parses_lines_and_reports_bad_ones(plan, homes, cadre_a, client_for):
    client = client_for(cadre_a)
    url = reverse("assets:plan_shares", args=[plan.pk])
    lines = f"{homes['poor'][0].number} 600.00\n{homes['poor'][1].number}，400"
    assert client.post(url, {"lines": lines}).status_code == 302
    assert plan.shares.count() == 2
    client.post(url, {"lines": f"{homes['far'].number} 1000\nnot-a-line"})
    assert plan.shares.count() == 2  # nothing half written


def test_plan_pages_scope_and_roles(plan, cadre_b, viewer, client_for):
    assert client_for(cadre_b).get(reverse("assets:plan", args=[plan.pk])).status_code == 404
    client = client_for(viewer)
    assert client.get(reverse("assets:plan", args=[plan.pk])).status_code == 200
    assert client.post(reverse("assets:plan_publish", args=[plan.pk])).status_code == 403


def test_priority_check_puts_former_poor_villages_first(regions, county_user):
    """A township asset: 建龙村 is a 脱贫村, 联合村 is not. Shares only to 联合村's ordinary household
    leave the 脱贫村 out; a share to a household of 建龙村 (not a 脱贫户 itself) puts it right."""
    poor_village = regions["village_a"]
    poor_village.former_poor_village = True
    poor_village.save()
    asset = make_asset(regions["township"], name="乡光伏电站")
    income_record(asset=asset, by=county_user, year=2024, amount=D("1000.00"))
    plan = distribution_plan_create(
        asset=asset, by=county_user, year=2024, amount=D("1000.00"), method="cash"
    )
    in_poor_village = HouseholdFactory(village=poor_village)
    elsewhere = HouseholdFactory(village=regions["village_b"])
    distribution_shares_set(plan=plan, by=county_user, rows=[(elsewhere, D("1000"))])
    check = distribution_priority(plan)
    assert check["villages_left_out"] == 1 and check["left_out"] == 0
    assert not check["prioritised"]
    distribution_shares_set(
        plan=plan, by=county_user, rows=[(elsewhere, D("500")), (in_poor_village, D("500"))]
    )
    check = distribution_priority(plan)
    assert check["villages_left_out"] == 0 and check["prioritised"]
    poor_village.former_poor_village = False
    poor_village.save()
    distribution_shares_set(plan=plan, by=county_user, rows=[(elsewhere, D("1000"))])
    assert distribution_priority(plan)["prioritised"]
