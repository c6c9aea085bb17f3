"""指标完成情况: each indicator's actual value per region and year beside its published target."""

from django.utils.translation import gettext_lazy as _

from indicators.models import Actual, Attribute

from ..columns import choice, flag, integer, money, text
from ..registry import Ledger, register

register(
    Ledger(
        key="indicators",
        title=_("指标完成情况"),
        description=_("规划指标的年度实际值：基期值、目标值、实际值、评定和数据来源。"),
        queryset=lambda: Actual.objects.all(),
        columns=[
            text(_("规划"), "indicator__plan__title", 30),
            text(_("序号"), "indicator__number", 6),
            text(_("分组"), "indicator__group", 14),
            text(_("指标"), "indicator__name", 30),
            text(_("单位"), "indicator__unit", 8),
            text(_("基期值"), "indicator__baseline_value", 10),
            text(_("目标值"), "indicator__target_value", 10),
            integer(_("目标年"), "indicator__target_year", 8),
            choice(_("指标属性"), "indicator__attribute", Attribute, 8),
            text(_("区域"), "region__name", 12),
            integer(_("年度"), "year", 8),
            money(_("实际值"), "value"),
            text(_("文字表述"), "value_text", 16),
            choice(_("评定"), "assessment", Actual.Assessment, 8),
            text(_("数据来源"), "source", 24),
            flag(_("系统计算"), "computed"),
        ],
        region_field="region",
        order_by=("indicator__plan__key", "indicator__order", "region__code", "year", "pk"),
        status_field="assessment",
        status_choices=Actual.Assessment.choices,
        category_field="indicator__attribute",
        category_choices=Attribute.choices,
        numbered=False,  # 序号 is the indicator's own number, which the actuals import reads
    )
)
