from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Actual


class ActualForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("数值"), max_digits=14, decimal_places=4, required=False)
    value_text = forms.CharField(label=_("文字表述"), max_length=100, required=False)
    assessment = forms.ChoiceField(
        label=_("县级评定（相对表述、定性指标）"),
        choices=[("", _("—"))] + list(Actual.Assessment.choices),
        required=False,
    )
    source = forms.CharField(label=_("数据来源"), max_length=200)
