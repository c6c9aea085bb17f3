"""``/api/v1/area-alerts/`` (区域预警) and ``/api/v1/visit-plan/`` (走访计划): read-only, scoped."""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .alert_filters import AreaAlertFilter, VisitPlanFilter
from .models import AreaAlert, AreaAlertHousehold, HouseholdGrade


class AreaAlertSerializer(OutputSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="place", read_only=True)
    region_level = serializers.CharField(source="region.level", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    households = serializers.SerializerMethodField()

    class Meta:
        model = AreaAlert
        fields = [
            "id",
            "region",
            "region_code",
            "region_name",
            "region_level",
            "kind",
            "kind_label",
            "subject",
            "window_start",
            "window_end",
            "households_count",
            "base_count",
            "share",
            "threshold",
            "summary",
            "households",
            "status",
            "status_label",
            "opened_at",
            "acknowledged_by",
            "acknowledged_at",
            "closed_by",
            "closed_at",
            "close_note",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_households(self, alert: AreaAlert) -> list[int]:
        return [row.household_id for row in alert.rows.all()]


class AreaAlertViewSet(ScopedReadOnlyViewSet):
    """Area alerts in scope with the households each counted (a village user sees its village's)."""

    queryset = AreaAlert.objects.select_related("region__parent").prefetch_related(
        Prefetch("rows", queryset=AreaAlertHousehold.objects.only("alert_id", "household_id").order_by("pk"))
    )
    serializer_class = AreaAlertSerializer
    filterset_class = AreaAlertFilter


class VisitPlanSerializer(OutputSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)
    head_name = serializers.CharField(source="household.head_name", read_only=True)
    village_code = serializers.CharField(source="household.village.code", read_only=True)
    cell_name = serializers.CharField(source="cell.name", read_only=True)
    cadres = serializers.SerializerMethodField()
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)
    overdue_days = serializers.SerializerMethodField()

    class Meta:
        model = HouseholdGrade
        fields = [
            "id",
            "household",
            "household_number",
            "head_name",
            "village_code",
            "cell",
            "cell_name",
            "cadres",
            "grade",
            "grade_label",
            "visit_interval",
            "visit_basis",
            "last_visit",
            "next_visit_due",
            "overdue_days",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_cadres(self, row: HouseholdGrade) -> list[str]:
        return [u.get_full_name() or u.username for u in row.cell.cadres.all()]

    @extend_schema_field(serializers.IntegerField())
    def get_overdue_days(self, row: HouseholdGrade) -> int:
        return max((timezone.localdate() - row.next_visit_due).days, 0)


class VisitPlanViewSet(ScopedReadOnlyViewSet):
    """走访计划: each graded household's grid cell, its cadres (none named: the village's cadres
    answer), the grade, the last visit, the next due date and the days overdue."""

    queryset = HouseholdGrade.objects.select_related(
        "household", "household__village", "cell"
    ).prefetch_related("cell__cadres")
    serializer_class = VisitPlanSerializer
    filterset_class = VisitPlanFilter
    cursor_fields = ("id",)
