"""django-import-export resources of the indicator plans (admin import/export).

Plans and their rows have no write service: they are published tables, loaded by
the ``load_indicators`` command from ``fixtures/plans.json``; the admin import is for corrections
(the 更正 columns beside the published text) and for a plan the fixture does not hold yet. Rows are
checked by the models' own validation; the admin's log keeps who imported what.
"""

from import_export import fields, resources, widgets

from regions.models import Region

from .models import Indicator, Plan


class PlanResource(resources.ModelResource):
    region = fields.Field(
        attribute="region", column_name="region", widget=widgets.ForeignKeyWidget(Region, "code")
    )

    class Meta:
        model = Plan
        fields = (
            "key",
            "level",
            "region",
            "title",
            "document_number",
            "period_start",
            "period_end",
            "source_file",
        )
        import_id_fields = ("key",)
        clean_model_instances = True
        skip_unchanged = True


class IndicatorResource(resources.ModelResource):
    plan = fields.Field(attribute="plan", column_name="plan", widget=widgets.ForeignKeyWidget(Plan, "key"))

    class Meta:
        model = Indicator
        fields = (
            "plan", "order", "number", "group", "name", "unit", "baseline_value", "baseline_year",
            "target_value", "target_year", "target_kind", "attribute", "flag_average", "flag_aligned",
            "notes", "corrected_baseline_value", "corrected_target_value", "correction_note", "metric",
        )  # fmt: skip
        import_id_fields = ("plan", "order")
        clean_model_instances = True
        skip_unchanged = True
