"""Reads of the asset ledger, shared by the pages, the Excel ledgers and the dashboard.

``ledger_queryset``/``ledger_rows`` are the one query behind every ledger (county, township,
village; page or Excel): scoped, filtered, with everything a row shows joined or annotated, so a
row costs no query.
"""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django.core.paginator import Page
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from households.choices import HouseholdFlagKind
from households.models import Household, HouseholdFlag
from regions.models import Region

from .choices import AssetStatus, FundingSource
from .filters import AssetFilter
from .models import (
    Asset,
    AssetBeneficiary,
    AssetFunding,
    AssetIncome,
    DistributionPlan,
    DistributionShare,
    Inventory,
    Project,
)
from .models.inventories import InventoryQuerySet
from .models.ledger import ProjectQuerySet

LEVELS = (Region.Level.COUNTY, Region.Level.TOWNSHIP, Region.Level.VILLAGE)
MONEY = DecimalField(max_digits=16, decimal_places=2)
SEGMENT = 13  # one "500230201000/" step of Region.path


def funding_column(source: str) -> str:
    return f"funding_{source}"


def _funding_subquery(source: str) -> Subquery:
    rows = AssetFunding.objects.filter(asset=OuterRef("pk"), source=source).values("amount")[:1]
    return Subquery(rows, output_field=MONEY)


def ledger_queryset(
    user: User, level: str | None = None, region: Region | None = None, filters: dict[str, Any] | None = None
) -> QuerySet[Asset]:
    """Assets of the ledger, unannotated: visible to ``user``, inside ``region`` (its subtree), held
    at ``level`` when given (县级/乡级/村级 assets), narrowed by ``filters``. Totals, counts and
    pagination run on this; the row columns are added only to the rows shown."""
    rows: QuerySet[Asset] = Asset.objects.visible_to(user)
    if level:
        rows = rows.filter(level=level)
    # ``filters`` were validated by the page's form; the filtering itself is the list's FilterSet.
    rows = AssetFilter().apply(rows, {"region": region, **(filters or {})})
    return rows.order_by("code")


def with_ledger_columns(rows: QuerySet[Asset]) -> QuerySet[Asset]:
    """Everything a ledger row shows: ``project``, ``region`` and ``region.parent`` joined, one
    ``funding_<source>`` column per funding source and ``beneficiary_count``."""
    beneficiaries = (
        AssetBeneficiary.objects.filter(asset=OuterRef("pk"))
        .order_by()
        .values("asset")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return rows.select_related("project", "region", "region__parent").annotate(
        beneficiary_count=Coalesce(Subquery(beneficiaries), Value(0)),
        **{funding_column(s): _funding_subquery(s) for s in FundingSource.values},
    )


def ledger_rows(
    user: User, level: str | None = None, region: Region | None = None, filters: dict[str, Any] | None = None
) -> QuerySet[Asset]:
    """The ledger with its row columns, ordered by code: for exports that stream every row.

    A paged view should page :func:`ledger_queryset` and call :func:`ledger_page_rows`, because
    SQLite evaluates the column subqueries for every row it sorts, not only the rows it returns.
    """
    return with_ledger_columns(ledger_queryset(user, level, region, filters))


def ledger_page_rows(page: Page[Asset]) -> list[Asset]:
    """Replace the plain rows of a page of :func:`ledger_queryset` with fully loaded rows."""
    ids = list(cast("QuerySet[Asset]", page.object_list).values_list("pk", flat=True))
    rows = list(with_ledger_columns(Asset.objects.filter(pk__in=ids)).order_by("code"))
    page.object_list = rows
    return rows


def _by_region(rows: QuerySet[Asset]) -> list[Mapping[str, Any]]:
    """Count and original value of ``rows`` per region: one GROUP BY on the asset table, from
    which the totals, the drill-down and the paginator's count are all summed."""
    return list(rows.order_by().values("region_id").annotate(count=Count("pk"), value=Sum("original_value")))


def ledger_totals(rows: QuerySet[Asset], groups: Sequence[Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Count, original value and funding by source of ``rows``."""
    groups = _by_region(rows) if groups is None else groups
    by_source = rows.order_by().aggregate(
        **{s: Sum("fundings__amount", filter=Q(fundings__source=s)) for s in FundingSource.values}
    )
    return {
        "count": sum(g["count"] for g in groups),
        "value": sum((g["value"] for g in groups), Decimal(0)),
        "funding": [
            {"source": s, "label": label, "amount": by_source[s]}
            for s, label in FundingSource.choices
            if by_source[s] is not None
        ],
    }


def ledger_breakdown(
    rows: QuerySet[Asset], region: Region, groups: Sequence[Mapping[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Count and value per child region of ``region`` (drill-down), plus the region's own assets.

    Child paths all have the same length, so a prefix of the asset's region path names the child.
    """
    groups = _by_region(rows) if groups is None else groups
    child_len = len(region.path) + SEGMENT
    paths = dict(Region.objects.filter(pk__in=[g["region_id"] for g in groups]).values_list("pk", "path"))
    by_path: dict[str, dict[str, Any]] = {}
    for g in groups:
        branch = by_path.setdefault(paths[g["region_id"]][:child_len], {"count": 0, "value": Decimal(0)})
        branch["count"] += g["count"]
        branch["value"] += g["value"]
    children = {r.path: r for r in Region.objects.filter(parent=region)}
    result = []
    own = by_path.pop(region.path, None)
    if own:
        result.append({"region": region, "own": True, **own})
    for path, group in sorted(by_path.items()):
        child = children.get(path)
        if child:
            result.append({"region": child, "own": False, **group})
    return result


def ledger_summary(rows: QuerySet[Asset], region: Region) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """:func:`ledger_totals` and :func:`ledger_breakdown` from one grouping of ``rows``."""
    groups = _by_region(rows)
    return ledger_totals(rows, groups), ledger_breakdown(rows, region, groups)


def projects_without_assets(user: User) -> ProjectQuerySet:
    """The "no omissions" check: completed projects that formed no asset in the ledger."""
    return Project.objects.visible_to(user).completed_without_assets().select_related("region")


def suspected_duplicates(user: User) -> QuerySet[Asset, Any]:
    """Same name in the same region and project, under different codes: likely entered twice."""
    return (
        Asset.objects.visible_to(user)
        .active()
        .values("name", "region__name", "project__name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("region__name", "name")
    )


def overdue_inventories(user: User, today: datetime.date | None = None) -> InventoryQuerySet:
    """Open inventories past their due date, for the dashboard and the inventory list."""
    return (
        Inventory.objects.visible_to(user)
        .overdue(today or timezone.localdate())
        .select_related("region")
        .annotate(
            pending=Count("items", filter=Q(items__state="pending")),
            total=Count("items"),
        )
        .order_by("due_on", "region__code")
    )


def inventory_list(user: User) -> InventoryQuerySet:
    return (
        Inventory.objects.visible_to(user)
        .select_related("region", "region__parent")
        .annotate(pending=Count("items", filter=Q(items__state="pending")), total=Count("items"))
        .order_by("-year", "status", "due_on", "region__code")
    )


def distribution_priority(plan: DistributionPlan) -> dict[str, Any]:
    """The rule "收益优先用于扶持脱贫村和脱贫户" as a check on the beneficiary list.

    Counts the former-poor (脱贫户) households among beneficiaries and the former-poor households of
    the asset's region left out; the plan is flagged when any is left out while households that are
    not former-poor receive a share. Villages come first too: a 脱贫村 of the asset's region with no
    beneficiary (``villages_left_out``) flags the plan while households that are neither 脱贫户 nor
    living in a 脱贫村 receive a share.
    """
    today = timezone.localdate()
    poor = (
        HouseholdFlag.objects.active(today).filter(kind=HouseholdFlagKind.FORMER_POOR).values("household_id")
    )
    shares = plan.shares.aggregate(
        count=Count("pk"),
        total=Coalesce(Sum("amount"), Value(Decimal(0)), output_field=MONEY),
        poor_count=Count("pk", filter=Q(household_id__in=poor)),
        poor_amount=Coalesce(
            Sum("amount", filter=Q(household_id__in=poor)), Value(Decimal(0)), output_field=MONEY
        ),
    )
    left_out = (
        Household.objects.filter(village__path__startswith=plan.asset.region.path, pk__in=poor)
        .exclude(pk__in=plan.shares.values("household_id"))
        .count()
    )
    poor_villages = Region.objects.filter(
        path__startswith=plan.asset.region.path, level=Region.Level.VILLAGE, former_poor_village=True
    )
    villages_left_out = poor_villages.exclude(pk__in=plan.shares.values("household__village_id")).count()
    outsiders = (
        plan.shares.exclude(household_id__in=poor)
        .exclude(household__village__former_poor_village=True)
        .count()
    )
    others = shares["count"] - shares["poor_count"]
    share = (
        (Decimal(shares["poor_count"]) / shares["count"]).quantize(Decimal("0.01"))
        if shares["count"]
        else None
    )
    return {
        **shares,
        "poor_share": share,
        "left_out": left_out,
        "villages_left_out": villages_left_out,
        "prioritised": not (left_out and others) and not (villages_left_out and outsiders),
    }


def share_rows(plan: DistributionPlan) -> QuerySet[DistributionShare]:
    """Beneficiary list for the plan page and the public notice (no ID numbers, no phones)."""
    return (
        plan.shares.select_related("household__village")
        .order_by("household__number")
        .annotate(
            former_poor=Count(
                "household__flags",
                filter=Q(
                    household__flags__kind=HouseholdFlagKind.FORMER_POOR,
                    household__flags__end_date__isnull=True,
                ),
            )
        )
    )


def plan_sum(plan: DistributionPlan) -> Decimal:
    total: Decimal = plan.shares.aggregate(
        total=Coalesce(Sum("amount"), Value(Decimal(0)), output_field=MONEY)
    )["total"]
    return total


def village_notice_rows(village: Region, year: int) -> QuerySet[Asset]:
    """公告公示 of ownership and operation (SPEC 7): the village's active assets with their owner,
    custodian, operating mode and operator, and the income of ``year``; one query, no ID numbers."""
    income = AssetIncome.objects.filter(asset=OuterRef("pk"), year=year).values("amount")[:1]
    return (
        Asset.objects.filter(region=village, status=AssetStatus.ACTIVE)
        .select_related("project")
        .annotate(year_income=Subquery(income, output_field=MONEY))
        .order_by("asset_class", "code")
    )
