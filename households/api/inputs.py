"""Input serializers of the register writes: they check types and choices, then the view hands
the values to ``households.services``, which owns every rule (no ``serializer.save()``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import Assurance, IncomeChange, RiskType, VisitKind
from ..models import Member
from ..services._common import MEMBER_FIELDS


class MemberInputSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False, min_value=1, help_text=_("修改现有成员时填写其ID；新增成员不填")
    )

    class Meta:
        model = Member
        fields = ["id", *MEMBER_FIELDS]
        # The number's format and checksum are the service's to judge (one Chinese message).
        extra_kwargs: dict[str, dict[str, Any]] = {"id_number": {"validators": []}}


class HouseholdFieldsSerializer(serializers.Serializer):
    number = serializers.CharField(required=False, allow_blank=True, max_length=32, label=_("户编号"))
    group_name = serializers.CharField(required=False, allow_blank=True, max_length=32)
    natural_village = serializers.CharField(required=False, allow_blank=True, max_length=64)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=11)


class HouseholdCreateSerializer(HouseholdFieldsSerializer):
    village = serializers.RegexField(r"^\d{12}$", label=_("村区划代码"))
    members = MemberInputSerializer(many=True, allow_empty=False)


class HouseholdUpdateSerializer(HouseholdFieldsSerializer):
    members = MemberInputSerializer(many=True, required=False, allow_empty=False)


class VisitCreateSerializer(serializers.Serializer):
    household = serializers.IntegerField(min_value=1, max_value=2**63 - 1, label=_("农户ID"))
    visited_on = serializers.DateField(label=_("走访日期"))
    kind = serializers.ChoiceField(choices=VisitKind.choices, default=VisitKind.HOME)
    food_clothing = serializers.ChoiceField(choices=Assurance.choices)
    education = serializers.ChoiceField(choices=Assurance.choices)
    medical = serializers.ChoiceField(choices=Assurance.choices)
    housing = serializers.ChoiceField(choices=Assurance.choices)
    water = serializers.ChoiceField(choices=Assurance.choices)
    food_clothing_note = serializers.CharField(required=False, allow_blank=True, max_length=200)
    education_note = serializers.CharField(required=False, allow_blank=True, max_length=200)
    medical_note = serializers.CharField(required=False, allow_blank=True, max_length=200)
    housing_note = serializers.CharField(required=False, allow_blank=True, max_length=200)
    water_note = serializers.CharField(required=False, allow_blank=True, max_length=200)
    income_change = serializers.ChoiceField(choices=IncomeChange.choices, required=False, allow_blank=True)
    new_risks = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices), required=False, default=list
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
