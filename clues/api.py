"""``/api/v1/clues/``: early-warning clues (预警线索) of the households in scope."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import IntegerFilter, ScopedFilterSet
from common.rest.masking import MaskedSerializerMixin
from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet
from households.choices import RiskType

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


class ClueFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=Clue.Status.choices, label=_("状态"))
    source = django_filters.ChoiceFilter(choices=Clue.Source.choices, label=_("来源"))
    risk_type = django_filters.ChoiceFilter(choices=RiskType.choices, label=_("风险类型"))
    household = IntegerFilter(label=_("农户ID"))

    class Meta:
        model = Clue
        fields = ["region", "updated_since", "status", "source", "risk_type", "household"]


class ClueViewSet(ScopedReadOnlyViewSet):
    queryset = Clue.objects.all()
    serializer_class = ClueSerializer
    filterset_class = ClueFilter
