from django import forms
from django.utils.translation import gettext_lazy as _

from .policies import POLICIES


class PolicyForm(forms.Form):
    key = forms.ChoiceField(label=_("规则"), choices=[(k, p.label) for k, p in POLICIES.items()])
    value = forms.DecimalField(label=_("取值"), max_digits=12, decimal_places=2)
    basis = forms.CharField(label=_("依据（文件文号等）"), max_length=200, required=False)
