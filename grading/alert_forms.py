"""Forms of the area-alert pages."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Region

from .models import AlertKind, AreaAlert, Grade


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("未关闭")), *AreaAlert.Status.choices, ("all", _("全部状态"))],
    )
    kind = forms.ChoiceField(
        label=_("预警类型"), required=False, choices=[("", _("全部类型")), *AlertKind.choices]
    )
    region = forms.ModelChoiceField(
        label=_("区域"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("全部区域"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = (
            Region.objects.visible_to(user).exclude(level=Region.Level.GROUP).order_by("path")
        )

    def filter_values(self) -> dict[str, Any]:
        """The FilterSet's values: no status means the active alerts, ``all`` every status."""
        data = dict(self.cleaned_data)
        status = data.pop("status", "")
        if status == "all":
            return data
        if status:
            return {**data, "status": status}
        return {**data, "active": True}


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("跟进安排（可选）"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("处置结果"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("跟进情况"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class VisitPlanForm(forms.Form):
    """The filters of the 走访计划 page (the dashboard's grade bars and overdue tile link here)."""

    grade = forms.ChoiceField(
        label=_("风险等级"), required=False, choices=[("", _("全部等级")), *Grade.choices]
    )
    region = forms.ModelChoiceField(
        label=_("区域"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("全部区域"),
    )
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = (
            Region.objects.visible_to(user).exclude(level=Region.Level.GROUP).order_by("path")
        )
