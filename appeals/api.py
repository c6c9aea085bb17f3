"""``/api/v1/appeals/``: the appeals of the caller's scope, read-only."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .filters import AppealFilter
from .models import Appeal


class AppealSerializer(OutputSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)
    village_code = serializers.CharField(source="village.code", read_only=True, help_text=_("村区划代码"))
    overdue = serializers.BooleanField(source="is_overdue", read_only=True, help_text=_("当前步骤已逾期"))

    class Meta:
        model = Appeal
        fields = [
            "id", "case", "decision", "household", "household_number", "village_code", "kind",
            "appellant", "received_on", "grounds", "status", "outcome", "step_since", "due_on",
            "overdue", "township_opinion", "township_on", "county_opinion", "county_on", "follow_up",
            "informed_on", "inform_way", "inform_note", "created_at", "updated_at",
        ]  # fmt: skip


class AppealViewSet(ScopedReadOnlyViewSet):
    """The appeals (申诉/复核) of the households in scope, with their current step and deadline."""

    queryset = Appeal.objects.select_related("household", "village")
    serializer_class = AppealSerializer
    filterset_class = AppealFilter
