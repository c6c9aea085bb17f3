"""``/api/v1/cases/``: monitoring cases with their risks and step log, scoped like the UI."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.filters import IntegerFilter, ScopedFilterSet
from api.viewsets import ScopedReadOnlyViewSet
from households.choices import RiskType

from .models import Case, CaseRisk, CaseStep, Category


class CaseRiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseRisk
        fields = ["risk_type", "disaster_subtype"]


class CaseStepSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True)

    class Meta:
        model = CaseStep
        fields = ["id", "procedure", "step", "decision", "opinion", "details", "by", "role", "at"]


class CaseSerializer(serializers.ModelSerializer):
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
