"""``/api/v1/measures/``: assistance measures of the cases in scope."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .filters import HousingProblemFilter, MeasureFilter
from .models import HousingProblem, Measure


class MeasureSerializer(OutputSerializer):
    category = serializers.CharField(source="category.code", read_only=True, help_text=_("措施类别编码"))
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "case",
            "member",
            "category",
            "category_name",
            "content",
            "responsible_unit",
            "amount",
            "funding_source",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "status",
            "effect",
            "created_at",
            "updated_at",
        ]


class MeasureViewSet(ScopedReadOnlyViewSet):
    queryset = Measure.objects.select_related("category")
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilter


class HousingProblemSerializer(OutputSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)

    class Meta:
        model = HousingProblem
        fields = [
            "id",
            "household",
            "household_number",
            "found_on",
            "source",
            "description",
            "grade",
            "assigned_unit",
            "assigned_person",
            "status",
            "fix_note",
            "fixed_on",
            "verify_note",
            "struck_off_on",
            "unfounded_reason",
            "created_at",
            "updated_at",
        ]


class HousingProblemViewSet(ScopedReadOnlyViewSet):
    """``/api/v1/housing-problems/``: the housing ledger of the households in scope."""

    queryset = HousingProblem.objects.select_related("household")
    serializer_class = HousingProblemSerializer
    filterset_class = HousingProblemFilter
