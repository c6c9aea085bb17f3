"""``/api/v1/indicators/``: plan indicators (规划指标) with their actuals and progress, read the
way the plan page reads them (``indicators.selectors``)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from common.filters import RegionFilterSet
from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .models import Actual, Indicator, Plan
from .progress import LABELS
from .selectors import plan_region, progress_rows


class PlanSerializer(OutputSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Plan
        fields = ["key", "level", "region", "title", "document_number", "period_start", "period_end"]


class ActualSerializer(OutputSerializer):
    class Meta:
        model = Actual
        fields = ["year", "value", "value_text", "assessment", "source", "computed", "updated_at"]


class IndicatorSerializer(OutputSerializer):
    """One row as the plan page prints it, with its markers: ``flag_average`` is the page's ``*``
    (规划期平均数, the 全国平均-style marker) and ``flag_aligned`` its ``#`` (与全市指标值一致, 对标)."""

    class Meta:
        model = Indicator
        fields = [
            "id",
            "number",
            "group",
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "target_kind",
            "attribute",
            "flag_average",
            "flag_aligned",
            "corrected_baseline_value",
            "corrected_target_value",
            "metric",
        ]


class ProgressRowSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    actuals = ActualSerializer(many=True)
    status = serializers.ChoiceField(choices=list(LABELS.items()), help_text=_("进度评定"))


class PlanProgressSerializer(serializers.Serializer):
    plan = PlanSerializer()
    region = serializers.CharField(help_text=_("实际值所属区域代码"))
    rows = ProgressRowSerializer(many=True)


class PlanFilter(RegionFilterSet):
    level = django_filters.ChoiceFilter(choices=Plan.Level.choices, label=_("层级"))

    class Meta:
        model = Plan
        fields = ["region", "level"]


class IndicatorViewSet(ScopedReadOnlyViewSet):
    """Plans on the caller's line (their area and above); one plan with every indicator, its
    actuals for ``region`` (default: the plan's own region) and its progress status."""

    queryset = Plan.objects.select_related("region")
    serializer_class = PlanSerializer
    lookup_field = "key"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"  # a slug; the schema carries the pattern too
    filterset_class = PlanFilter
    # A handful of plans, no updated_at of their own (their actuals change): pages in id order.
    cursor_fields = ("id",)

    def filter_queryset(self, queryset):
        # On retrieve, ``region`` names whose actuals to show, not which plans to list.
        return queryset if self.action == "retrieve" else super().filter_queryset(queryset)

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description=_("区划代码（默认规划本级）"), pattern=r"^\d{12}$")
        ],
        responses={200: PlanProgressSerializer},
    )
    def retrieve(self, request, key=None):
        plan = self.get_object()
        region = plan_region(plan, request.user, request.query_params.get("region"))
        data = {"plan": plan, "region": region.code, "rows": progress_rows(plan, region)}
        return Response(PlanProgressSerializer(data, context=self.get_serializer_context()).data)
