"""``/api/v1/measures/``: assistance measures of the cases in scope."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .filters import MeasureFilter
from .models import Measure


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
