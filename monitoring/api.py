"""``/api/v1/cases/``: monitoring cases with their risks and step log, scoped like the UI."""

from typing import Any

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.scope import get_visible_or_404
from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet
from households.choices import DisasterSubtype, RiskType
from households.models import Household

from . import services
from .actions import ACTIONS, API_ALIASES
from .filters import CaseFilter, ReviewRoundFilter
from .models import Case, CaseRisk, CaseStep, Category, Channel
from .reviews import ReviewEntry, ReviewRound


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
    attachment = serializers.FileField(required=False, help_text=_("提名材料（照片或PDF扫描件）"))


def _input_field(field: forms.Field) -> serializers.Field:
    """The API parameter of a page form's field: same type and bounds, optional here (which ones
    an action requires is its form's business, checked in ``TransitionSerializer.validate``)."""
    common: dict[str, Any] = {"required": False}
    if isinstance(field, forms.FileField):
        return serializers.FileField(**common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.DecimalField):  # before IntegerField: a forms.DecimalField is one
        return serializers.DecimalField(
            max_digits=field.max_digits, decimal_places=field.decimal_places, min_value=0, **common
        )
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(min_value=field.min_value, max_value=10000, **common)  # type: ignore[arg-type]  # an int here
    if isinstance(field, forms.ChoiceField):
        # The page's "—" (nothing chosen) is a missing parameter here, not a value.
        choices = [c for c in field.choices if c[0] != ""]  # type: ignore[union-attr,index]  # a choice field
        return serializers.ChoiceField(choices=choices, **common)
    return serializers.CharField(
        allow_blank=True, max_length=getattr(field, "max_length", None) or 5000, **common
    )


def _parameters(action: str) -> dict[str, bool]:
    """{parameter: required} of an action, read from its page form."""
    return {name: field.required for name, field in ACTIONS[action].form.base_fields.items()}


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "enum": list(ACTIONS), "description": "操作名称（与办理页面相同）"},
            {
                "type": "string",
                "enum": list(API_ALIASES),
                "deprecated": True,
                "description": "旧名称，将在下一版本移除："
                + "，".join(f"{old} → {new}" for old, new in API_ALIASES.items()),
            },
        ]
    }
)
class ActionField(serializers.ChoiceField):
    """An action of ``monitoring.actions.ACTIONS``; the earlier API names are read as their new names."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return API_ALIASES.get(value, value)


class TransitionSerializer(serializers.Serializer):
    """One step of the procedure: the action's parameters are the fields of its form on the case
    page. ``verify`` of an enrolment needs the signed 承诺授权书: send it as ``authorisation`` in a
    multipart/form-data request."""

    action = ActionField(
        choices=[(a, a) for a in [*ACTIONS, *API_ALIASES]],
        help_text=_(
            "verify 入户核实, deliberate 村级评议, objection 公示异议, review 乡镇联合审核, decide 县审定, "
            "reject 不予通过, return 退回, resubmit 重新提交, nominate_exit 提出风险消除, rollback 回退"
        ),
    )

    def get_fields(self):
        fields = super().get_fields()
        for spec in ACTIONS.values():
            for name, field in spec.form.base_fields.items():
                fields.setdefault(name, _input_field(field))
        return fields

    def validate(self, data):
        missing = {
            name: [_("此项为必填。")]
            for name, required in _parameters(data["action"]).items()
            if required and name not in data
        }
        if missing:
            raise serializers.ValidationError(missing)
        return data


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

    @extend_schema(
        request={"application/json": TransitionSerializer, "multipart/form-data": TransitionSerializer},
        responses={200: CaseSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def transition(self, request, pk=None):
        """Take one step of the five-step procedure through the same service as the case page."""
        case = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        spec = ACTIONS[values["action"]]
        arguments = {name: values[name] for name in _parameters(spec.name) if name in values}
        spec.service(case=case, by=request.user, **arguments)
        response = self._respond(case)
        if request.data.get("action") in API_ALIASES:
            response["Deprecation"] = "true"  # RFC 9745: the old name works, the client should move
        return response
        return self._respond(case)


class ReviewEntrySerializer(OutputSerializer):
    class Meta:
        model = ReviewEntry
        fields = ["id", "case", "risk_status", "plan_changes", "note", "recorded_at"]


class ReviewRoundSerializer(OutputSerializer):
    village = serializers.CharField(source="village.code", read_only=True, help_text=_("村区划代码"))
    entries = ReviewEntrySerializer(many=True, read_only=True)

    class Meta:
        model = ReviewRound
        fields = [
            "id",
            "village",
            "year",
            "quarter",
            "status",
            "held_on",
            "participants",
            "opened_at",
            "completed_at",
            "escalated_at",
            "updated_at",
            "entries",
        ]


class ReviewRoundViewSet(ScopedReadOnlyViewSet):
    """Quarterly risk reviews (风险专题研判) with their entries, one round per village and quarter."""

    queryset = ReviewRound.objects.select_related("village").prefetch_related("entries")
    serializer_class = ReviewRoundSerializer
    filterset_class = ReviewRoundFilter
