"""Viewsets of the register: scoped reads, and writes (households, visits) through the services."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.scope import get_visible_or_404
from common.filters import region_in_scope
from common.rest.viewsets import ScopedReadOnlyViewSet

from .. import services
from ..filters import (
    DuplicateFilter,
    HouseholdFilter,
    IncomeFilter,
    MemberFilter,
    MonitoringLineFilter,
    VisitFilter,
)
from ..models import DuplicateCandidate, Household, IncomeRecord, Member, MonitoringLine, Visit
from .inputs import HouseholdCreateSerializer, HouseholdUpdateSerializer, VisitCreateSerializer
from .outputs import (
    DuplicateSerializer,
    HouseholdSerializer,
    IncomeSerializer,
    MemberSerializer,
    MonitoringLineSerializer,
    VisitSerializer,
    with_below_line,
    with_flags_and_members,
)


class HouseholdViewSet(ScopedReadOnlyViewSet):
    """Households in scope with their current flags and all members (removed ones carry
    ``removed_on``)."""

    queryset = Household.objects.select_related("village")
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter

    def get_queryset(self):
        # "Active" is as of today, so the prefetch is built per request, not at import.
        return with_below_line(with_flags_and_members(super().get_queryset()))

    def _respond(self, household: Household, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=household.pk)
        return with_etag(Response(self.get_serializer(fresh).data, status=status_code))

    def retrieve(self, request, *args, **kwargs):
        """One household; its ``ETag`` is the version to send back as ``If-Match`` when editing."""
        return with_etag(super().retrieve(request, *args, **kwargs))

    @extend_schema(request=HouseholdCreateSerializer, responses={201: HouseholdSerializer})
    def create(self, request):
        """Register a household with its members (village cadres of that village only)."""
        data = HouseholdCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        village = region_in_scope(request.user, values.pop("village"), field="village")
        members = values.pop("members")
        household = services.household_create(by=request.user, village=village, data=values, members=members)
        return self._respond(household, status.HTTP_201_CREATED)

    @extend_schema(
        request=HouseholdUpdateSerializer,
        responses={200: HouseholdSerializer},
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                description="读取时的 ETag（即 updated_at）；已被他人修改时返回 409，说明改了什么。",
            )
        ],
    )
    def partial_update(self, request, pk=None):
        """Change household fields; with ``members``, the full list of current members (each
        existing one by ``id``, new ones without), exactly as the edit page does. With
        ``If-Match`` (the ETag of the read), a household changed since answers 409."""
        household = self.get_object()
        data = HouseholdUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if_match = request.headers.get("If-Match", "").strip()
        if if_match and if_match != "*":
            values["version"] = if_match.removeprefix("W/").strip('"')
        members = values.pop("members", None)
        if members is not None:
            members = self._pair_members(household, members)
        services.household_update(household=household, by=request.user, data=values, members=members)
        return self._respond(household)

    @staticmethod
    def _pair_members(household: Household, members: list[dict]) -> list:
        current = {m.pk: m for m in Member.objects.current().filter(household=household)}
        pairs = []
        for i, values in enumerate(members):
            member_id = values.pop("id", None)
            if member_id is not None and member_id not in current:
                raise ValidationError(
                    {f"members.{i}.id": [_("成员 %(id)s 不是本户的现有成员。") % {"id": member_id}]}
                )
            pairs.append((current.get(member_id), values))
        return pairs


def with_etag(response: Response) -> Response:
    """The household's version (its ``updated_at``) as the ETag, to send back as ``If-Match``."""
    response["ETag"] = f'"{response.data["updated_at"]}"'
    return response


class MemberViewSet(ScopedReadOnlyViewSet):
    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilter


class IncomeViewSet(ScopedReadOnlyViewSet):
    queryset = IncomeRecord.objects.all()
    serializer_class = IncomeSerializer
    filterset_class = IncomeFilter


class VisitViewSet(ScopedReadOnlyViewSet):
    queryset = Visit.objects.select_related("visitor")
    serializer_class = VisitSerializer
    filterset_class = VisitFilter

    @extend_schema(request=VisitCreateSerializer, responses={201: VisitSerializer})
    def create(self, request):
        """Record a visit (field apps push them): the same checks and rules as the visit page."""
        data = VisitCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        household = get_visible_or_404(Household.objects, request.user, pk=values.pop("household"))
        checks = {field: values.pop(field) for field in Visit.ASSURANCE_FIELDS}
        notes = {field: values.pop(f"{field}_note", "") for field in Visit.ASSURANCE_FIELDS}
        visit = services.visit_record(
            household=household, by=request.user, checks=checks, check_notes=notes, **values
        )
        return Response(self.get_serializer(visit).data, status=status.HTTP_201_CREATED)


class MonitoringLineViewSet(ScopedReadOnlyViewSet):
    """监测范围 by year and region: public policy numbers, readable by every signed-in caller."""

    queryset = MonitoringLine.objects.select_related("region")
    serializer_class = MonitoringLineSerializer
    filterset_class = MonitoringLineFilter


class DuplicateViewSet(ScopedReadOnlyViewSet):
    """疑似重复 in scope: a pair is seen by whoever sees the lowest region holding both records
    (a pair across two villages by the township and county only). Resolved on the pages."""

    queryset = DuplicateCandidate.objects.select_related("region", "county")
    serializer_class = DuplicateSerializer
    filterset_class = DuplicateFilter
