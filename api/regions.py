"""``/api/v1/regions/``: the caller's part of the administrative tree."""

import django_filters
from rest_framework import serializers

from common.filters import RegionFilterSet
from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet
from regions.models import Region


class RegionSerializer(OutputSerializer):
    parent = serializers.CharField(  # type: ignore[assignment]  # a field named like Field.parent
        source="parent.code", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "depth"]


class RegionFilter(RegionFilterSet):
    level = django_filters.ChoiceFilter(choices=Region.Level.choices)

    class Meta:
        model = Region
        fields = ["region", "level"]


class RegionViewSet(ScopedReadOnlyViewSet):
    """Regions in the caller's scope (its assigned regions and everything below them)."""

    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "code"
    lookup_value_regex = r"\d{12}"
    cursor_fields = ("code",)
