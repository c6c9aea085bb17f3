"""``/api/v1/employment/`` (就业帮扶台账) and ``/api/v1/welfare-posts/`` (公益岗位), read-only and scoped."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers

from accounts.scope import REGISTER_ROLES
from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .filters import EmploymentRecordFilter, WelfarePostFilter
from .models import Appointment, EmploymentRecord, WelfarePost


class RegisterRole(permissions.BasePermission):
    """A register role (village, township, county, viewer) is needed: others get 403, not an empty list."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user.is_authenticated and (user.is_superuser or user.has_role(*REGISTER_ROLES)))


class EmploymentRecordSerializer(OutputSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True, help_text=_("成员姓名"))

    class Meta:
        model = EmploymentRecord
        fields = [
            "id",
            "member",
            "member_name",
            "household",
            "household_number",
            "status",
            "employer",
            "year",
            "months",
            "income",
            "followed_on",
            "created_at",
            "updated_at",
        ]


class EmploymentRecordViewSet(ScopedReadOnlyViewSet):
    """就业帮扶台账 of the households in scope: one row per member of the labour force."""

    queryset = EmploymentRecord.objects.select_related("household", "member")
    serializer_class = EmploymentRecordSerializer
    permission_classes = [RegisterRole]
    filterset_class = EmploymentRecordFilter


class WelfarePostSerializer(OutputSerializer):
    village = serializers.CharField(source="village.code", read_only=True, help_text=_("村区划代码"))
    held = serializers.IntegerField(read_only=True, help_text=_("已占名额（拟聘与在岗）"))
    in_post = serializers.IntegerField(read_only=True, help_text=_("在岗人数"))

    class Meta:
        model = WelfarePost
        fields = [
            "id",
            "village",
            "kind",
            "name",
            "places",
            "held",
            "in_post",
            "monthly_pay",
            "funding_source",
            "created_at",
            "updated_at",
        ]


class WelfarePostViewSet(ScopedReadOnlyViewSet):
    """公益岗位 of the villages in scope, with the places taken."""

    queryset = WelfarePost.objects.select_related("village").annotate(
        held=Count("appointments", filter=Q(appointments__status__in=Appointment.HOLDING)),
        in_post=Count("appointments", filter=Q(appointments__status=Appointment.Status.IN_POST)),
    )
    serializer_class = WelfarePostSerializer
    permission_classes = [RegisterRole]
    filterset_class = WelfarePostFilter
