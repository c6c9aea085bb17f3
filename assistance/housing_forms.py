"""Forms of the housing ledger pages (住房安全问题台账)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from households.models import Household
from regions.models import Region

from .models import HousingProblem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class HousingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *HousingProblem.Status.choices]
    )
    source = forms.ChoiceField(
        label=_("来源"), required=False, choices=[("", _("全部来源")), *HousingProblem.Source.choices]
    )
    village = forms.ModelChoiceField(
        label=_("村"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("全部村"),
    )
    open = forms.BooleanField(label=_("仅看未销号"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = Region.objects.visible_to(
            user
        ).filter(level=Region.Level.VILLAGE)


class HousingOpenForm(forms.Form):
    household = forms.CharField(label=_("户编号"), max_length=32)
    found_on = DateField(label=_("发现日期"))
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 3}))
    grade = forms.ChoiceField(
        label=_("鉴定等级"), required=False, choices=[("", _("未鉴定")), *HousingProblem.Grade.choices]
    )
    assigned_unit = forms.CharField(label=_("责任单位"), max_length=100, required=False)
    assigned_person = forms.CharField(label=_("责任人"), max_length=64, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_household(self) -> Household:
        household = (
            Household.objects.visible_to(self.user).filter(number=self.cleaned_data["household"]).first()
        )
        if household is None:
            raise forms.ValidationError(_("本辖区内没有该户编号。"))
        return household


class AssignForm(forms.Form):
    assigned_unit = forms.CharField(label=_("责任单位"), max_length=100)
    assigned_person = forms.CharField(label=_("责任人"), max_length=64, required=False)


class ReportFixedForm(forms.Form):
    fixed_on = DateField(label=_("整改完成日期"))
    fix_note = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultipleFileField(label=_("整改照片"), required=False)


class VerifyForm(forms.Form):
    verify_note = forms.CharField(label=_("核验意见"), widget=forms.Textarea(attrs={"rows": 2}))


class UnfoundedForm(forms.Form):
    reason = forms.CharField(label=_("不属实原因"), widget=forms.Textarea(attrs={"rows": 2}))
