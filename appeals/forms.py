"""Forms of the appeal pages: register from a case, one form per workflow action, the list filter."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from monitoring.models import Case, CaseStep
from regions.models import Region

from .models import Appeal
from .selectors import appealable_decisions


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def decision_label(step: CaseStep, kind: str) -> str:
    when = step.at.strftime("%Y-%m-%d")
    return f"{Appeal.Kind(kind).label} · {when} · {step.opinion[:40] or step.get_decision_display()}"


class RegisterForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("申诉的决定"), queryset=CaseStep.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    appellant = forms.CharField(
        label=_("申诉人"), max_length=64, required=False, help_text=_("不填则为户主本人。")
    )
    received_on = DateField(label=_("收到申诉日期"))
    grounds = forms.CharField(label=_("申诉理由"), widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label=_("申诉材料（照片或PDF，可多选）"), required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["decision"])
        # Any step of the case is accepted here; the service refuses those that may not be appealed.
        field.queryset = case.steps.all()
        field.choices = [(step.pk, decision_label(step, kind)) for step, kind in appealable_decisions(case)]


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("复核意见"), widget=forms.Textarea(attrs={"rows": 3}))


class DismissForm(forms.Form):
    opinion = forms.CharField(label=_("驳回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class InformForm(forms.Form):
    informed_on = DateField(label=_("告知日期"))
    way = forms.ChoiceField(label=_("告知方式"), choices=Appeal.Way.choices)
    note = forms.CharField(label=_("告知说明"), max_length=200, required=False)


class AppealFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *Appeal.Status.choices]
    )
    kind = forms.ChoiceField(
        label=_("申诉事项"), required=False, choices=[("", _("全部事项")), *Appeal.Kind.choices]
    )
    village = forms.ModelChoiceField(
        label=_("村"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("全部村"),
    )
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)
    case = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = Region.objects.visible_to(
            user
        ).filter(level=Region.Level.VILLAGE)
