"""Forms of the relocation pages."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from households.choices import RelocationMode
from households.models import Household
from regions.models import Region


class SiteFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("安置方式"), required=False, choices=[("", _("全部")), *RelocationMode.choices]
    )


class SiteForm(forms.Form):
    name = forms.CharField(label=_("安置点名称"), max_length=100)
    region = forms.ModelChoiceField(
        label=_("所在乡镇或村"), queryset=Region.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("安置方式"), choices=RelocationMode.choices)
    planned_households = forms.IntegerField(label=_("规划安置户数"), min_value=0, initial=0)
    planned_people = forms.IntegerField(label=_("规划安置人数"), min_value=0, initial=0)
    completion_year = forms.IntegerField(label=_("建成年份"), min_value=2000, max_value=2100, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = (
            Region.objects.visible_to(user)
            .filter(level__in=(Region.Level.TOWNSHIP, Region.Level.VILLAGE))
            .order_by("code")
        )


class LinkForm(forms.Form):
    household = forms.CharField(label=_("户编号"), max_length=32)
    moved_on = DateField(label=_("搬迁入住日期"), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_household(self) -> Household:
        household = (
            Household.objects.visible_to(self.user)
            .filter(number=self.cleaned_data["household"].strip())
            .select_related("village")
            .first()
        )
        if household is None:
            raise forms.ValidationError(_("本辖区内没有该户编号。"))
        return household
