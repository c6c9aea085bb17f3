"""``/api/v1/clues/``: early-warning clues (预警线索) of the households in scope."""

from common.rest.masking import MaskedSerializerMixin
from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .filters import ClueFilter
from .models import Clue


class ClueSerializer(MaskedSerializerMixin, OutputSerializer):
    masked_id_fields = ("person_id",)

    class Meta:
        model = Clue
        fields = [
            "id",
            "status",
            "source",
            "rule",
            "risk_type",
            "disaster_subtype",
            "household",
            "member",
            "person_id",
            "found_on",
            "dispatch_due",
            "verify_due",
            "dispatched_at",
            "decided_at",
            "exclusion_reason",
            "case",
            "created_at",
            "updated_at",
        ]


class ClueViewSet(ScopedReadOnlyViewSet):
    queryset = Clue.objects.all()
    serializer_class = ClueSerializer
    filterset_class = ClueFilter
