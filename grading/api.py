"""``/api/v1/grades/``: risk grades with their reasons and next visit due, of households in scope."""

from rest_framework import serializers

from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .models import HouseholdGrade


class GradeSerializer(OutputSerializer):
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)

    class Meta:
        model = HouseholdGrade
        fields = [
            "id",
            "household",
            "grade",
            "grade_label",
            "score",
            "reasons",
            "cell",
            "last_visit",
            "visit_interval",
            "visit_basis",
            "next_visit_due",
            "computed_at",
        ]


class GradeViewSet(ScopedReadOnlyViewSet):
    """Read-only: grades are computed (nightly and on change), never written through the API."""

    queryset = HouseholdGrade.objects.all()
    serializer_class = GradeSerializer
    filterset_fields = ["grade", "household"]
    cursor_fields = ("computed_at", "id")
