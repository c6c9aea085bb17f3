from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from regions.models import Region

from .registry import Filters, Ledger

ALL = [("", _("全部"))]


class LedgerFilterForm(forms.Form):
    """Filters a ledger offers: region always; status, category and period when it has them."""

    region = forms.ModelChoiceField(
        label=_("区域"),
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("全部（我的管辖范围）"),
    )
    status = forms.ChoiceField(label=_("状态"), required=False)
    category = forms.ChoiceField(label=_("类别"), required=False)
    date_from = DateField(label=_("起始日期"), required=False)
    date_to = DateField(label=_("截止日期"), required=False)

    def __init__(self, *args, ledger: Ledger, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.ledger = ledger
        self.fields["region"].queryset = (
            Region.objects.visible_to(user).exclude(level=Region.Level.GROUP).order_by("path")
        )
        self.fields["region"].label_from_instance = lambda r: "　" * max(r.depth - 1, 0) + r.name
        if ledger.status_field:
            self.fields["status"].choices = ALL + list(ledger.status_choices)
        else:
            del self.fields["status"]
        if ledger.category_field:
            self.fields["category"].choices = ALL + list(ledger.categories())
        else:
            del self.fields["category"]
        if ledger.date_field:
            self.fields["date_from"].label = _("%(field)s（起）") % {"field": ledger.date_label}
            self.fields["date_to"].label = _("%(field)s（止）") % {"field": ledger.date_label}
        else:
            del self.fields["date_from"], self.fields["date_to"]

    def clean(self):
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            region=data.get("region"),
            status=data.get("status", ""),
            category=data.get("category", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
