"""Output serializers of the register resources (what other systems read)."""

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.rest.masking import BirthYearField, MaskedSerializerMixin
from common.rest.serializers import OutputSerializer

from ..models import DuplicateCandidate, Household, HouseholdFlag, IncomeRecord, Member, MonitoringLine, Visit
from ..selectors import below_line_condition


class MemberSerializer(MaskedSerializerMixin, OutputSerializer):
    masked_id_fields = ("id_number",)
    masked_birth_date_fields = ("birth_date",)
    birth_year = BirthYearField()

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
            "birth_year",
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
        extra_kwargs = {
            "birth_date": {
                "help_text": _("出生日期：仅返回给可查看完整身份证号的用户；其他用户只有 birth_year。"),
                "required": False,
            }
        }


class FlagSerializer(OutputSerializer):
    class Meta:
        model = HouseholdFlag
        fields = ["kind", "start_date", "end_date", "exit_year", "relocation_mode", "relocation_site"]


def with_flags_and_members(households: QuerySet) -> QuerySet:
    """What :class:`HouseholdSerializer` reads: today's flags and every member, prefetched into
    lists (``to_attr``: a plain list per household, where a related manager would build a
    queryset per household)."""
    return households.prefetch_related(
        Prefetch("flags", queryset=HouseholdFlag.objects.active(), to_attr="active_flags"),
        Prefetch("members", queryset=Member.objects.order_by("id"), to_attr="member_list"),
    )


def with_below_line(households: QuerySet) -> QuerySet:
    """Annotate ``is_below_line`` by the register's one rule (``households.selectors``)."""
    return households.annotate(
        is_below_line=ExpressionWrapper(below_line_condition(), output_field=BooleanField())
    )


class HouseholdSerializer(MaskedSerializerMixin, OutputSerializer):
    """A household with its current flags and all members; read from a queryset passed through
    :func:`with_flags_and_members`."""

    masked_phone_fields = ("phone",)
    village = serializers.CharField(source="village.code", read_only=True, help_text=_("村区划代码"))
    village_name = serializers.CharField(source="village.name", read_only=True)
    flags = FlagSerializer(
        source="active_flags", many=True, read_only=True, help_text=_("当前有效的农户属性")
    )
    members = MemberSerializer(source="member_list", many=True, read_only=True)
    below_line = serializers.BooleanField(
        source="is_below_line",  # annotated by the viewset (``with_below_line``)
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("低于监测范围（与农户列表、农户页面同一规则；当年记录即时计入）"),
    )

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
            "below_line",
            "flags",
            "members",
            "created_at",
            "updated_at",
        ]


class IncomeSerializer(OutputSerializer):
    estimated = serializers.BooleanField(
        read_only=True, help_text=_("预估：期间尚未结束（当年记录），已按预估计入监测范围判断")
    )

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
            "estimated",
            "note",
            "created_at",
            "updated_at",
        ]


class VisitSerializer(OutputSerializer):
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
            "food_clothing_note",
            "education_note",
            "medical_note",
            "housing_note",
            "water_note",
            "problem_note",
            "income_change",
            "new_risks",
            "notes",
            "created_at",
            "updated_at",
        ]


class MonitoringLineSerializer(OutputSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = MonitoringLine
        fields = ["id", "year", "region", "amount", "basis", "effective_date", "is_demo", "updated_at"]


class DuplicateSerializer(OutputSerializer):
    """A pair of records that are probably one; no ID number or birth date is sent (the reasons
    name what matched, not its value), so nothing here needs masking."""

    reason_texts = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("理由（中文），与 reasons 一一对应")
    )
    region = serializers.CharField(
        source="region.code", read_only=True, help_text=_("同时包含两方的最低一级区划")
    )
    county = serializers.CharField(source="county.code", read_only=True)

    class Meta:
        model = DuplicateCandidate
        fields = [
            "id",
            "kind",
            "member_a",
            "member_b",
            "household_a",
            "household_b",
            "region",
            "county",
            "score",
            "reasons",
            "reason_texts",
            "status",
            "kept",
            "note",
            "resolved_at",
            "found_at",
            "computed_at",
            "updated_at",
        ]
