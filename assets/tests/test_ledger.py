from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from assets.choices import AssetClass, AssetStatus, FundingSource, OwnerType
from assets.models import Asset
from assets.selectors import (
    ledger_queryset,
    ledger_rows,
    ledger_summary,
    ledger_totals,
    projects_without_assets,
)
from assets.services.ledger import asset_create
from common.errors import ServiceError

from .factories import make_asset, make_project


@pytest.fixture
def spread(regions):
    """Assets at all three levels: county (reservoir), township (road), two villages, other township."""
    county = make_asset(
        regions["county"],
        name="八耳寺水库",
        asset_class=AssetClass.PUBLIC,
        owner_type=OwnerType.STATE,
        value="5000000.00",
        fundings=[(FundingSource.CENTRAL, "3000000.00"), (FundingSource.BONDS, "2000000.00")],
    )
    township = make_asset(
        regions["township"], name="栗子至三建联网公路", asset_class=AssetClass.PUBLIC, value="800000.00"
    )
    a = make_asset(regions["village_a"], value="100000.00")
    b = make_asset(
        regions["village_b"],
        value="50000.00",
        fundings=[(FundingSource.EAST_WEST, "30000.00"), (FundingSource.DONATION, "20000.00")],
    )
    c = make_asset(regions["village_c"], value="70000.00")
    return {"county": county, "township": township, "a": a, "b": b, "c": c}


def test_county_ledger_totals_cover_the_whole_county(spread, county_user, regions):
    totals = ledger_totals(ledger_rows(county_user, None, regions["county"]))
    assert totals["count"] == 5
    assert totals["value"] == Decimal("6020000.00")
    by_source = {f["source"]: f["amount"] for f in totals["funding"]}
    assert by_source == {
        "central": Decimal("3970000.00"),
        "bonds": Decimal("2000000.00"),
        "east_west": Decimal("30000.00"),
        "donation": Decimal("20000.00"),
    }


def test_level_filter_keeps_only_assets_held_at_that_level(spread, county_user, regions):
    county_level = ledger_rows(county_user, "county", regions["county"])
    assert [a.name for a in county_level] == ["八耳寺水库"]
    village_level = ledger_totals(ledger_rows(county_user, "village", regions["county"]))
    assert village_level["count"] == 3


def test_township_ledger_totals_stop_at_its_border(spread, township_user, regions):
    totals = ledger_totals(ledger_rows(township_user, None, regions["township"]))
    assert totals["count"] == 3  # own road + villages A and B, not 江池镇 nor the county reservoir
    assert totals["value"] == Decimal("950000.00")


def test_village_ledger_totals_only_its_village(spread, cadre_a, regions):
    totals = ledger_totals(ledger_rows(cadre_a, None, regions["village_a"]))
    assert (totals["count"], totals["value"]) == (1, Decimal("100000.00"))
    # Even asked for the whole county, the village cadre sees only the village.
    assert ledger_totals(ledger_rows(cadre_a, None, regions["county"]))["count"] == 1


def test_ledger_rows_carry_funding_columns(spread, county_user, regions):
    row = ledger_rows(county_user, None, regions["county"]).get(pk=spread["b"].pk)
    assert row.funding_east_west == Decimal("30000.00")
    assert row.funding_central is None
    assert row.beneficiary_count == 0


def test_disposed_assets_leave_the_active_ledger_only(spread, county_user, regions):
    asset = spread["a"]
    asset.status, asset.disposed_on = AssetStatus.DISPOSED, date(2024, 1, 1)
    asset.save()
    active = ledger_rows(county_user, None, regions["county"], {"status": AssetStatus.ACTIVE})
    assert asset.pk not in set(active.values_list("pk", flat=True))
    assert ledger_rows(county_user, None, regions["county"]).filter(pk=asset.pk).exists()
    assert asset.history.count() == 2


def test_asset_code_is_unique_in_the_database(regions):
    make_asset(regions["village_a"], code="ZC-DUP")
    with pytest.raises(IntegrityError):
        make_asset(regions["village_b"], code="ZC-DUP")


def _data(region, project, **over):
    data = {
        "code": "FD2021001",
        "name": "红心柚产业示范基地",
        "project": project,
        "asset_class": AssetClass.REVENUE,
        "kind": "industry_base",
        "region": region,
        "quantity": Decimal(200),
        "unit": "亩",
        "original_value": Decimal("300000.00"),
        "owner_type": OwnerType.COLLECTIVE,
        "owner_name": "建龙村股份经济合作联合社",
        "operating_mode": "contracted",
    }
    data.update(over)
    return data


def test_registering_a_duplicate_code_is_refused_in_chinese(regions, township_user):
    project = make_project(regions["village_a"])
    fundings = [(FundingSource.CENTRAL, Decimal("300000.00"))]
    asset_create(by=township_user, data=_data(regions["village_a"], project), fundings=fundings)
    with pytest.raises(ServiceError, match="已存在"):
        asset_create(by=township_user, data=_data(regions["village_a"], project), fundings=fundings)
    assert Asset.objects.count() == 1


def test_fundings_must_add_up_to_the_original_value(regions, township_user):
    project = make_project(regions["village_a"])
    with pytest.raises(ServiceError, match="不一致"):
        asset_create(
            by=township_user,
            data=_data(regions["village_a"], project),
            fundings=[(FundingSource.CENTRAL, Decimal("299999.99"))],
        )
    assert not Asset.objects.exists()


def test_village_cadre_may_not_register_assets(regions, cadre_a):
    from django.core.exceptions import PermissionDenied

    project = make_project(regions["village_a"])
    with pytest.raises(PermissionDenied):
        asset_create(
            by=cadre_a,
            data=_data(regions["village_a"], project),
            fundings=[(FundingSource.CENTRAL, Decimal("300000.00"))],
        )


def test_completed_project_without_assets_is_listed_as_omission(regions, county_user):
    done = make_project(regions["village_a"], completed_on="2022-06-30", name="建龙村产业路")
    make_project(regions["village_b"], completed_on=None, name="在建项目")
    with_asset = make_project(regions["village_b"], completed_on="2022-06-30", name="联合村冷库")
    make_asset(regions["village_b"], project=with_asset)
    assert list(projects_without_assets(county_user)) == [done]


def test_checks_page_lists_the_omission(client_for, regions, county_user):
    make_project(regions["village_a"], completed_on="2022-06-30", name="建龙村产业路")
    response = client_for(county_user).get(reverse("assets:checks"))
    assert response.status_code == 200
    assert "建龙村产业路" in response.content.decode()


def test_breakdown_sums_each_child_region_and_the_regions_own_assets(spread, county_user, regions):
    totals, breakdown = ledger_summary(
        ledger_queryset(county_user, None, regions["county"]), regions["county"]
    )
    rows = [(b["region"].name, b["own"], b["count"], b["value"]) for b in breakdown]
    assert rows == [
        ("丰都县", True, 1, Decimal("5000000.00")),  # the county's own reservoir
        ("江池镇", False, 1, Decimal("70000.00")),  # village C
        ("栗子乡", False, 3, Decimal("950000.00")),  # its road and villages A and B
    ]
    assert totals["count"] == sum(r[2] for r in rows) and totals["value"] == sum(r[3] for r in rows)


def test_county_page_shows_the_totals_and_pages_on_their_count(spread, client_for, county_user, settings):
    settings.PAGE_SIZE = 2
    page = client_for(county_user).get(reverse("assets:ledger"), {"page": 3}).context["page_obj"]
    assert (page.paginator.count, page.paginator.num_pages, len(page.object_list)) == (5, 3, 1)


@pytest.mark.parametrize(
    ("user", "start", "parent"),
    [
        ("cadre_a", "village_a", None),  # its village is its root: no 上一级 (was a link to a 404)
        ("township_user", "village_a", "township"),
        ("township_user", "township", None),
        ("county_user", "village_a", "township"),
    ],
)
def test_up_one_level_only_where_the_user_may_read_it(
    request, client_for, regions, spread, user, start, parent
):
    client = client_for(request.getfixturevalue(user))
    response = client.get(reverse("assets:ledger"), {"region": regions[start].code})
    assert response.context["parent"] == (regions[parent] if parent else None)
    if parent:
        assert client.get(reverse("assets:ledger"), {"region": regions[parent].code}).status_code == 200
