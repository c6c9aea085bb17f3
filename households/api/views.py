"""Viewsets of the register: scoped reads, and writes (households, visits) through the services."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.scope import get_visible_or_404
from api.filters import IntegerFilter, ScopedFilterSet, region_in_scope
from api.viewsets import ScopedReadOnlyViewSet

from .. import services
from ..idnumbers import normalise, upgrade_15
from ..models import Household, HouseholdFlag, IncomeRecord, Member, MonitoringLine, Visit
from .inputs import HouseholdCreateSerializer, HouseholdUpdateSerializer, VisitCreateSerializer
from .outputs import (
    HouseholdSerializer,
    IncomeSerializer,
    MemberSerializer,
    MonitoringLineSerializer,
    VisitSerializer,
    with_below_line,
    with_flags_and_members,
)


class HouseholdFilter(ScopedFilterSet):
    region_field = "village"
    number = django_filters.CharFilter(label=_("户编号"))
    flag = django_filters.ChoiceFilter(
        choices=HouseholdFlag._meta.get_field("kind").choices, method="filter_flag", label=_("农户属性")
    )

    below_line = django_filters.BooleanFilter(method="filter_below_line", label=_("低于监测范围"))

    class Meta:
        model = Household
        fields = ["region", "updated_since", "number", "flag", "below_line"]

    def filter_flag(self, queryset, name, value):
        return queryset.with_flag(value)

    def filter_below_line(self, queryset, name, value):
        below = queryset.below_line()
        return below if value else queryset.exclude(pk__in=below.values("pk"))


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
        return Response(self.get_serializer(fresh).data, status=status_code)

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

    @extend_schema(request=HouseholdUpdateSerializer, responses={200: HouseholdSerializer})
    def partial_update(self, request, pk=None):
        """Change household fields; with ``members``, the full list of current members (each
        existing one by ``id``, new ones without), exactly as the edit page does."""
        household = self.get_object()
        data = HouseholdUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
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


class MemberFilter(ScopedFilterSet):
    region_field = "household__village"
    id_number = django_filters.CharFilter(method="filter_id_number", label=_("证件号码（精确）"))
    household = IntegerFilter(label=_("农户ID"))

    class Meta:
        model = Member
        fields = ["region", "updated_since", "id_number", "household"]

    def filter_id_number(self, queryset, name, value):
        """Spaces and a lower-case x are forgiven and a 15-digit legacy number is upgraded, as in
        the forms; a citizen ID matches on the unique ``person_id`` index."""
        number = normalise(value)
        if len(number) == 15 and number.isdigit():
            number = upgrade_15(number)
        if len(number) in (20, 22):
            return queryset.filter(id_number=number)
        return queryset.filter(person_id=number)


class MemberViewSet(ScopedReadOnlyViewSet):
    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilter


class IncomeFilter(ScopedFilterSet):
    region_field = "household__village"
    household = IntegerFilter(label=_("农户ID"))
    year = IntegerFilter(label=_("年度"))

    class Meta:
        model = IncomeRecord
        fields = ["region", "updated_since", "household", "year", "period"]


class IncomeViewSet(ScopedReadOnlyViewSet):
    queryset = IncomeRecord.objects.all()
    serializer_class = IncomeSerializer
    filterset_class = IncomeFilter


class VisitFilter(ScopedFilterSet):
    region_field = "household__village"
    household = IntegerFilter(label=_("农户ID"))
    visited_from = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="gte", label=_("走访日期起")
    )

    class Meta:
        model = Visit
        fields = ["region", "updated_since", "household", "visited_from"]


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


class MonitoringLineFilter(ScopedFilterSet):
    year = IntegerFilter(label=_("年度"))

    class Meta:
        model = MonitoringLine
        fields = ["region", "updated_since", "year"]


class MonitoringLineViewSet(ScopedReadOnlyViewSet):
    """监测范围 by year and region: public policy numbers, readable by every signed-in caller."""

    queryset = MonitoringLine.objects.select_related("region")
    serializer_class = MonitoringLineSerializer
    filterset_class = MonitoringLineFilter
