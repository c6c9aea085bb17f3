"""``/api/v1/cases/``: monitoring cases with their risks and step log, scoped like the UI."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
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
from .filters import CaseFilter, ReviewRoundFilter
from .models import Case, CaseRisk, CaseStep, Category, Channel, EliminationType
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


# action → (service in ``monitoring.services``, {parameter: required}). The services check role,
# step and state; this table only says which inputs each one takes.
ACTIONS = {
    "verify": ("case_verify", {"opinion": True, "authorisation": False}),
    "deliberate": (
        "case_deliberate",
        dict.fromkeys(
            ("meeting_date", "participants", "votes_for", "votes_against", "votes_abstain", "minutes"), True
        ),
    ),
    "object": ("case_record_objection", {"objection": True}),
    "review": ("case_township_review", {"opinion": True, "office": False}),
    "approve": ("case_decide", {"opinion": False}),
    "reject": ("case_reject", {"reason": True}),
    "return": ("case_return", {"reason": True}),
    "resubmit": ("case_resubmit", {"evidence": True}),
    "nominate_exit": ("case_nominate_exit", {"elimination_type": True, "evidence": True, "reason": False}),
    "rollback": ("case_rollback", {"reason": True}),
}


class TransitionSerializer(serializers.Serializer):
    """One step of the procedure. ``verify`` of an enrolment needs the signed 承诺授权书: send it
    as ``authorisation`` in a multipart/form-data request."""

    action = serializers.ChoiceField(
        choices=[(a, a) for a in ACTIONS],
        help_text=_(
            "verify 入户核实, deliberate 村级评议, object 公示异议, review 乡镇联合审核, approve 县审定, "
            "reject 不予通过, return 退回, resubmit 重新提交, nominate_exit 提出风险消除, rollback 回退"
        ),
    )
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    authorisation = serializers.FileField(required=False, help_text=_("承诺授权书（扫描件或照片）"))
    meeting_date = serializers.DateField(required=False)
    participants = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    votes_for = serializers.IntegerField(required=False, min_value=0, max_value=10000)
    votes_against = serializers.IntegerField(required=False, min_value=0, max_value=10000)
    votes_abstain = serializers.IntegerField(required=False, min_value=0, max_value=10000)
    minutes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    office = serializers.CharField(required=False, allow_blank=True, max_length=100)
    objection = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    elimination_type = serializers.ChoiceField(choices=EliminationType.choices, required=False)

    def validate(self, data):
        _service, parameters = ACTIONS[data["action"]]
        missing = {
            name: [_("此项为必填。")]
            for name, required in parameters.items()
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
        service, parameters = ACTIONS[values["action"]]
        arguments = {name: values[name] for name in parameters if name in values}
        getattr(services, service)(case=case, by=request.user, **arguments)
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
