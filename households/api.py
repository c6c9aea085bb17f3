"""``/api/v1/`` resources of the register: households (with members), members, incomes, visits,
monitoring lines. Reads are scoped by ``visible_to``; ID numbers and phones masked by role."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.filters import IntegerFilter, ScopedFilterSet
from api.masking import MaskedSerializerMixin
from api.viewsets import ScopedReadOnlyViewSet

from .idnumbers import normalise, upgrade_15
from .models import Household, HouseholdFlag, IncomeRecord, Member, MonitoringLine, Visit


class MemberSerializer(MaskedSerializerMixin, serializers.ModelSerializer):
    masked_id_fields = ("id_number",)

    class Meta:
        model = Member
        fields = [
            "id",
            "household",
            "name",
            "id_type",
            "id_number",
            "sex",
            "birth_date",
            "ethnicity",
            "relationship",
            "education",
            "school_status",
            "labour_skill",
            "months_worked",
            "employer",
            "work_place",
            "healthy",
            "chronic_disease",
            "serious_illness",
            "disabled",
            "disability_category",
            "disability_grade",
            "political_status",
            "medical_insurance",
            "critical_illness_insurance",
            "pension_insurance",
            "dibao",
            "tekun",
            "welfare_post",
            "welfare_post_months",
            "removed_on",
            "removal_reason",
            "created_at",
            "updated_at",
        ]


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdFlag
        fields = ["kind", "start_date", "end_date", "exit_year", "relocation_mode", "relocation_site"]


class HouseholdSerializer(MaskedSerializerMixin, serializers.ModelSerializer):
    masked_phone_fields = ("phone",)
    village = serializers.CharField(source="village.code", read_only=True, help_text=_("村区划代码"))
    village_name = serializers.CharField(source="village.name", read_only=True)
    flags = FlagSerializer(many=True, read_only=True, help_text=_("当前有效的农户属性"))
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = Household
        fields = [
            "id",
            "number",
            "village",
            "village_name",
            "group_name",
            "natural_village",
            "address",
            "phone",
            "head_name",
            "member_count",
            "flags",
            "members",
            "created_at",
            "updated_at",
        ]


class HouseholdFilter(ScopedFilterSet):
    region_field = "village"
    number = django_filters.CharFilter(label=_("户编号"))
    flag = django_filters.ChoiceFilter(
        choices=HouseholdFlag._meta.get_field("kind").choices, method="filter_flag", label=_("农户属性")
    )

    class Meta:
        model = Household
        fields = ["region", "updated_since", "number", "flag"]

    def filter_flag(self, queryset, name, value):
        return queryset.with_flag(value)


class HouseholdViewSet(ScopedReadOnlyViewSet):
    """Households in scope with their current flags and all members (removed ones carry
    ``removed_on``)."""

    queryset = Household.objects.select_related("village")
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter

    def get_queryset(self):
        # "Active" is as of today, so the prefetch is built per request, not at import.
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("flags", queryset=HouseholdFlag.objects.active()),
                Prefetch("members", queryset=Member.objects.order_by("id")),
            )
        )


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


class IncomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncomeRecord
        fields = [
            "id",
            "household",
            "period",
            "year",
            "period_start",
            "period_end",
            "wage",
            "business",
            "property",
            "transfer",
            "business_expense",
            "insurance_claims",
            "compliant_self_paid",
            "members",
            "net_income",
            "per_capita_net",
            "note",
            "created_at",
            "updated_at",
        ]


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


class VisitSerializer(serializers.ModelSerializer):
    visitor = serializers.CharField(source="visitor.username", read_only=True)
    new_risks = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "household",
            "visited_on",
            "visitor",
            "kind",
            "food_clothing",
            "education",
            "medical",
            "housing",
            "water",
            "problem_note",
            "income_change",
            "new_risks",
            "notes",
            "created_at",
            "updated_at",
        ]


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


class MonitoringLineSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = MonitoringLine
        fields = ["id", "year", "region", "amount", "basis", "effective_date", "is_demo"]


class MonitoringLineFilter(django_filters.FilterSet):
    class Meta:
        model = MonitoringLine
        fields = ["year"]


class MonitoringLineViewSet(ScopedReadOnlyViewSet):
    """监测范围 by year and region: public policy numbers, readable by every signed-in caller."""

    queryset = MonitoringLine.objects.select_related("region")
    serializer_class = MonitoringLineSerializer
    filterset_class = MonitoringLineFilter
    cursor_fields = ("id",)
