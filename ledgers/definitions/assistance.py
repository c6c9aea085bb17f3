"""帮扶措施台账."""

from django.utils.translation import gettext_lazy as _

from assistance.filters import MeasureFilter
from assistance.models import Measure, MeasureCategory
from monitoring.models import Category

from ..columns import choice, date, money, text
from ..registry import Ledger, register
from .common import place_columns


def measure_categories():
    """Top-level catalogue items; choosing one matches its own measures and its sub-types'."""
    return list(MeasureCategory.objects.filter(parent__isnull=True).values_list("code", "name"))


register(
    Ledger(
        key="measures",
        title=_("帮扶措施台账"),
        description=_("监测对象的帮扶措施：类别、内容、责任单位、金额、计划与实际时间、状态。"),
        queryset=lambda: Measure.objects.all(),
        columns=[
            *place_columns("case__village_id"),
            text(_("户编号"), "case__household__number", 20),
            text(_("户主姓名"), "case__household__head_name", 10),
            choice(_("监测对象类型"), "case__category", Category, 14),
            text(_("受益成员"), "member__name", 10),
            text(_("措施类别"), "category__name", 14),
            text(_("措施内容"), "content", 30),
            text(_("责任单位"), "responsible_unit", 16),
            money(_("金额（元）"), "amount"),
            text(_("资金来源"), "funding_source", 14),
            date(_("计划开始"), "planned_start"),
            date(_("计划完成"), "planned_end"),
            date(_("实际开始"), "actual_start"),
            date(_("实际完成"), "actual_end"),
            choice(_("状态"), "status", Measure.Status, 10),
            text(_("成效"), "effect", 24),
        ],
        filterset=MeasureFilter,
        order_by=("case__village__code", "case__household__number", "pk"),
        status_field="status",
        status_choices=Measure.Status.choices,
        category_field="category",
        category_choices=measure_categories,
        date_field="planned_start",
        date_label=_("计划开始日期"),
    )
)
