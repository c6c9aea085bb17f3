"""``/api/v1/cases/``: monitoring cases with their risks and step log, scoped like the UI."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.scope import get_visible_or_404
from api.filters import IntegerFilter, ScopedFilterSet
from api.serializers import OutputSerializer
from api.viewsets import ScopedReadOnlyViewSet
from households.choices import DisasterSubtype, RiskType
from households.models import Household

from . import services
from .models import Case, CaseRisk, CaseStep, Category, Channel


class CaseRiskSerializer(OutputSerializer):
    class Meta:
        model = CaseRisk
        fields = ["risk_type", "disaster_subtype"]


class CaseStepSerializer(OutputSerializer):
    by = serializers.CharField(source="by.username", read_only=True)

    class Meta:
        model = CaseStep
        fields = ["id", "procedure", "step", "decision", "opinion", "details", "by", "role", "at"]


class CaseSerializer(OutputSerializer):
    village = serializers.CharField(source="village.code", read_only=True, help_text=_("村区划代码"))
    household_number = serializers.CharField(source="household.number", read_only=True)
    risks = CaseRiskSerializer(many=True, read_only=True)
    steps = CaseStepSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "household",
            "household_number",
            "village",
            "category",
            "channel",
            "status",
            "step",
            "found_on",
            "deadline",
            "enrolled_on",
            "elimination_type",
            "eliminated_on",
            "previous_case",
            "evidence",
            "risks",
            "steps",
            "created_at",
            "updated_at",
        ]


class RiskInputSerializer(serializers.Serializer):
    risk_type = serializers.ChoiceField(choices=RiskType.choices)
    disaster_subtype = serializers.ChoiceField(
        choices=DisasterSubtype.choices, required=False, allow_blank=True, default=""
    )


class NominateSerializer(serializers.Serializer):
    household = serializers.IntegerField(min_value=1, max_value=2**63 - 1, label=_("农户ID"))
    category = serializers.ChoiceField(choices=Category.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    found_on = serializers.DateField(label=_("发现风险日期"))
    risks = RiskInputSerializer(many=True, allow_empty=False)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class CaseFilter(ScopedFilterSet):
    region_field = "village"
    status = django_filters.ChoiceFilter(choices=Case.Status.choices, label=_("状态"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("监测对象类型"))
    risk_type = django_filters.ChoiceFilter(
        choices=RiskType.choices, method="filter_risk_type", label=_("风险类型")
    )
    household = IntegerFilter(label=_("农户ID"))

    class Meta:
        model = Case
        fields = ["region", "updated_since", "status", "category", "risk_type", "household"]

    def filter_risk_type(self, queryset, name, value):
        # A semi-join on the (risk_type, case) index: no duplicates, no DISTINCT.
        return queryset.filter(pk__in=CaseRisk.objects.filter(risk_type=value).values("case_id"))


class CaseViewSet(ScopedReadOnlyViewSet):
    queryset = Case.objects.select_related("village", "household").prefetch_related(
        "risks", Prefetch("steps", queryset=CaseStep.objects.select_related("by"))
    )
    serializer_class = CaseSerializer
    filterset_class = CaseFilter

    def _respond(self, case: Case, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=case.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(request=NominateSerializer, responses={201: CaseSerializer})
    def create(self, request):
        """Step 1, 村提名: the same service as the nomination page."""
        data = NominateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        household = get_visible_or_404(Household.objects, request.user, pk=values.pop("household"))
        risks = [(r["risk_type"], r["disaster_subtype"]) for r in values.pop("risks")]
        case = services.case_nominate(household=household, by=request.user, risks=risks, **values)
        return self._respond(case, status.HTTP_201_CREATED)
