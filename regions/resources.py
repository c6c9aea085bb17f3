"""django-import-export resource of the administrative tree (admin import/export).

Regions have no write service: a row is checked by the model's own validation (12-digit code,
known level, parent by code) and saved; the admin's log keeps who imported what. Parents come
before their children in the file (as the export writes them, by code).
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from .models import Region


class RegionResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name=str(_("区划代码")))
    name = fields.Field(attribute="name", column_name=str(_("名称")))
    level = fields.Field(attribute="level", column_name=str(_("层级")))
    parent = fields.Field(
        attribute="parent",
        column_name=str(_("上级区划代码")),
        widget=widgets.ForeignKeyWidget(Region, "code"),
    )

    class Meta:
        model = Region
        fields = ("code", "name", "level", "parent")
        import_id_fields = ("code",)
        clean_model_instances = True  # the code and level validators, and the parent must exist
        skip_unchanged = True
