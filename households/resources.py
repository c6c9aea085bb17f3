"""django-import-export resources of the register's reference tables (admin import/export).

The household import is not one of them (see README, Imports): it validates 100,000 member rows
against the register in sets, which ``Resource.import_data``'s row-at-a-time path cannot do.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from common.resources import ServiceResource
from regions.models import Region

from .models import MonitoringLine
from .services import monitoring_line_set


class MonitoringLineResource(ServiceResource):
    """监测范围 by year and region (12-digit code), imported through ``monitoring_line_set``."""

    year = fields.Field(attribute="year", column_name=str(_("年度")), widget=widgets.IntegerWidget())
    region = fields.Field(
        attribute="region", column_name=str(_("区划代码")), widget=widgets.ForeignKeyWidget(Region, "code")
    )
    amount = fields.Field(
        attribute="amount", column_name=str(_("监测范围（元/人·年）")), widget=widgets.DecimalWidget()
    )
    basis = fields.Field(attribute="basis", column_name=str(_("依据")))
    effective_date = fields.Field(
        attribute="effective_date", column_name=str(_("生效日期")), widget=widgets.DateWidget("%Y-%m-%d")
    )
    is_demo = fields.Field(
        attribute="is_demo", column_name=str(_("演示数据")), widget=widgets.BooleanWidget()
    )

    class Meta:
        model = MonitoringLine
        fields = ("year", "region", "amount", "basis", "effective_date", "is_demo")
        import_id_fields = ("year", "region")

    def write(self, instance, *, is_create, by):
        return monitoring_line_set(
            by=by,
            year=instance.year,
            region=instance.region,
            amount=instance.amount,
            basis=instance.basis or "",
            effective_date=instance.effective_date,
            is_demo=bool(instance.is_demo),
        )
