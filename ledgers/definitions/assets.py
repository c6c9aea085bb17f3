"""项目资产台账 at three levels (county, township, village) and 资产收益分配台账."""

from django.utils.translation import gettext_lazy as _

from assets.choices import AssetClass, AssetKind, AssetStatus, OperatingMode, OwnerType
from assets.models import Asset, DistributionPlan
from regions.models import Region

from ..columns import choice, date, flag, integer, money, text
from ..registry import Ledger, register

ASSET_COLUMNS = [
    text(_("资产编号"), "code", 16),
    text(_("资产名称"), "name", 24),
    text(_("所在区域"), "region__name", 12),
    text(_("项目名称"), "project__name", 24),
    integer(_("项目年度"), "project__year", 8),
    choice(_("资产类别"), "asset_class", AssetClass, 10),
    choice(_("资产类型"), "kind", AssetKind, 12),
    money(_("数量"), "quantity", 8),
    text(_("单位"), "unit", 6),
    money(_("原值（元）"), "original_value"),
    date(_("建成日期"), "completed_on"),
    flag(_("已移交"), "handed_over"),
    flag(_("已确权"), "registered"),
    choice(_("权属类型"), "owner_type", OwnerType, 10),
    text(_("所有权人"), "owner_name", 20),
    text(_("管护主体"), "custodian_unit", 16),
    text(_("管护责任人"), "custodian_person", 10),
    choice(_("经营方式"), "operating_mode", OperatingMode, 8),
    text(_("经营主体"), "operator", 16),
    choice(_("状态"), "status", AssetStatus, 8),
]
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
            queryset=lambda level=level: Asset.objects.filter(level=level),
            columns=ASSET_COLUMNS,
            region_field="region",
            order_by=("region__code", "code"),
            status_field="status",
            status_choices=AssetStatus.choices,
            category_field="asset_class",
            category_choices=AssetClass.choices,
            date_field="completed_on",
            date_label=_("建成日期"),
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
