"""Form conventions every app uses: the ISO date input, and policy forms.

A ``<input type=date>`` accepts only an ISO value (``2024-10-17``); Django's default rendering
follows the locale (``2024/10/17`` in zh-hans) and the browser then shows the field empty, so a
form saved unchanged would erase its dates. Every date field in the project uses ``DateInput`` or
``DateField`` from here.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .policies import POLICIES

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A native date picker whose value is always ISO, whatever the locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateField(forms.DateField):
    """A date field rendered by :class:`DateInput`, reading ISO first (what browsers send)."""

    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [ISO_DATE, "%Y/%m/%d", "%Y.%m.%d"])
        super().__init__(**kwargs)


class PolicyForm(forms.Form):
    key = forms.ChoiceField(label=_("规则"), choices=[(k, p.label) for k, p in POLICIES.items()])
    value = forms.DecimalField(label=_("取值"), max_digits=12, decimal_places=2)
    basis = forms.CharField(label=_("依据（文件文号等）"), max_length=200, required=False)
