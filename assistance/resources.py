"""django-import-export resource of the measure catalogue (帮扶措施目录), through its services."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from common.resources import ServiceResource

from .models import MeasureCategory
from .services.catalogue import FIELDS, category_create, category_update


class MeasureCategoryResource(ServiceResource):
    code = fields.Field(attribute="code", column_name=str(_("编码")))
    name = fields.Field(attribute="name", column_name=str(_("名称")))
    parent = fields.Field(
        attribute="parent",
        column_name=str(_("上级编码")),
        widget=widgets.ForeignKeyWidget(MeasureCategory, "code"),
    )
    kind = fields.Field(attribute="kind", column_name=str(_("性质")))
    addresses = fields.Field(
        attribute="addresses", column_name=str(_("针对风险")), widget=widgets.JSONWidget()
    )
    is_comprehensive_security = fields.Field(
        attribute="is_comprehensive_security",
        column_name=str(_("属综合保障")),
        widget=widgets.BooleanWidget(),
    )
    active = fields.Field(attribute="active", column_name=str(_("启用")), widget=widgets.BooleanWidget())
    order = fields.Field(attribute="order", column_name=str(_("排序")), widget=widgets.IntegerWidget())

    class Meta:
        model = MeasureCategory
        fields = (
            "code",
            "name",
            "parent",
            "kind",
            "addresses",
            "is_comprehensive_security",
            "active",
            "order",
        )
        import_id_fields = ("code",)
        skip_unchanged = True

    def write(self, instance, *, is_create, by):
        values = {name: getattr(instance, name) for name in FIELDS}
        values["addresses"] = values["addresses"] or []
        values["order"] = values["order"] or 0
        if is_create:
            return category_create(by=by, code=instance.code, **values)
        return category_update(item=instance, by=by, **values)
