"""项目资产台账 at three levels (county, township, village), 资产收益分配台账 and 运维基金台账."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetClass, AssetKind, AssetStatus, OperatingMode, OwnerType
from assets.filters import AssetFilter
from assets.models import Asset, AssetFunding, DistributionPlan, FundRequest, FundSpending
from regions.models import Region

from ..columns import choice, date, extra, flag, integer, money, text
from ..imports import asset_rows as r
from ..registry import Ledger, register


def funding_of(source: str):
    """Per chunk of assets: {asset pk: amount} of one funding source (one row per asset and source)."""
    return lambda pks: dict(
        AssetFunding.objects.filter(asset_id__in=pks, source=source).values_list("asset_id", "amount")
    )


# Every column the asset import reads, under the import's own headers, so that an exported
# ledger, edited, imports back (``ledgers/imports/asset_rows.py``); plus the region's name and
# the status for people reading it.
ASSET_COLUMNS = [
    text(r.CODE, "code", 16),
    text(r.NAME, "name", 24),
    text(_("所在区域"), "region__name", 12),
    text(r.REGION, "region__code", 14),
    text(r.PROJECT, "project__name", 24),
    integer(r.YEAR, "project__year", 8),
    text(r.APPROVAL, "project__approval", 16),
    date(r.PROJECT_DONE, "project__completed_on"),
    choice(r.CLASS, "asset_class", AssetClass, 10),
    choice(r.KIND, "kind", AssetKind, 12),
    money(r.QUANTITY, "quantity", 8),
    text(r.UNIT, "unit", 8),
    money(r.VALUE, "original_value"),
    date(r.COMPLETED, "completed_on"),
    flag(r.HANDED, "handed_over"),
    date(r.HANDED_ON, "handed_over_on"),
    flag(r.REGISTERED, "registered"),
    date(r.REGISTERED_ON, "registered_on"),
    choice(r.OWNER_TYPE, "owner_type", OwnerType, 10),
    text(r.OWNER, "owner_name", 20),
    text(r.CUSTODIAN, "custodian_unit", 16),
    text(r.CUSTODIAN_PERSON, "custodian_person", 10),
    choice(r.MODE, "operating_mode", OperatingMode, 8),
    text(r.OPERATOR, "operator", 16),
    *(extra(header, f"funding_{source}", 14, kind="money") for header, source in r.FUNDING_COLUMNS.items()),
    choice(_("状态"), "status", AssetStatus, 8),
]
FUNDING_EXTRAS = {f"funding_{source}": funding_of(source) for source in r.FUNDING_COLUMNS.values()}
LEVEL_TITLES = {
    Region.Level.COUNTY: _("项目资产台账（县级）"),
    Region.Level.TOWNSHIP: _("项目资产台账（乡级）"),
    Region.Level.VILLAGE: _("项目资产台账（村级）"),
}

for level, title in LEVEL_TITLES.items():
    register(
        Ledger(
            key=f"assets_{level}",
            title=title,
            description=_("扶贫项目资产：项目、类别、原值、移交确权、权属、管护与经营。"),
            # Each asset is held at exactly one level (its region's), so the three ledgers neither
            # overlap nor miss an asset.
            queryset=lambda level=level: Asset.objects.filter(level=level),  # type: ignore[misc]  # bound loop variable
            columns=ASSET_COLUMNS,
            filterset=AssetFilter,
            category_filter="asset_class",
            order_by=("region__code", "code"),
            status_field="status",
            status_choices=AssetStatus.choices,
            category_field="asset_class",
            category_choices=AssetClass.choices,
            date_field="completed_on",
            date_label=_("建成日期"),
            extras=FUNDING_EXTRAS,
        )
    )

register(
    Ledger(
        key="distributions",
        title=_("资产收益分配台账"),
        description=_("经营性资产收益的分配方案：年度、金额、方式、民主决策与公示。"),
        queryset=lambda: DistributionPlan.objects.all(),
        columns=[
            text(_("资产编号"), "asset__code", 16),
            text(_("资产名称"), "asset__name", 24),
            text(_("所在区域"), "asset__region__name", 12),
            integer(_("收益年度"), "year", 8),
            money(_("分配金额（元）"), "amount"),
            choice(_("分配方式"), "method", DistributionPlan.Method, 20),
            choice(_("状态"), "status", DistributionPlan.Status, 10),
            date(_("会议日期"), "meeting_on"),
            integer(_("赞成票"), "votes_for", 6),
            integer(_("反对票"), "votes_against", 6),
            integer(_("弃权票"), "votes_abstain", 6),
            date(_("公示日期"), "published_on"),
        ],
        region_field="asset__region",
        order_by=("asset__region__code", "asset__code", "year", "pk"),
        status_field="status",
        status_choices=DistributionPlan.Status.choices,
        category_field="method",
        category_choices=DistributionPlan.Method.choices,
        date_field="meeting_on",
        date_label=_("会议日期"),
    )
)


def _spent(pks):
    """Per chunk of requests: {request pk: amount spent so far}."""
    rows = FundSpending.objects.filter(request_id__in=pks).values("request_id").annotate(total=Sum("amount"))
    return {row["request_id"]: row["total"] for row in rows}


register(
    Ledger(
        key="fund_requests",
        title=_("资产运维基金台账"),
        description=_("公益性资产严重损毁维修的运维基金申请：申请、批准、支出金额与办理状态。"),
        queryset=lambda: FundRequest.objects.all(),
        columns=[
            text(_("资产编号"), "asset__code", 16),
            text(_("资产名称"), "asset__name", 24),
            text(_("所在区域"), "asset__region__name", 12),
            text(_("损毁情况及维修方案"), "reason", 30),
            money(_("申请金额（元）"), "amount_requested"),
            money(_("批准金额（元）"), "amount_approved"),
            extra(_("已支出（元）"), "spent", 14, kind="money"),
            choice(_("状态"), "status", FundRequest.Status, 10),
            date(_("申请日期"), "requested_at__date"),
        ],
        region_field="asset__region",
        order_by=("asset__region__code", "-requested_at", "pk"),
        status_field="status",
        status_choices=FundRequest.Status.choices,
        date_field="requested_at",
        date_label=_("申请日期"),
        extras={"spent": _spent},
    )
)
