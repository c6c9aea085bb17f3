from django import forms
from django.utils.translation import gettext_lazy as _

from households.choices import DisasterSubtype, RiskType
from monitoring.models import Category
from regions.models import Region

from .datasets import kinds_for
from .models import Clue

# Large files are streamed from disk; this only stops an accidental multi-gigabyte upload.
MAX_UPLOAD_BYTES = 300 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("数据类型"))
    file = forms.FileField(label=_("文件（CSV或XLSX）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.label) for k in kinds_for(user)]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过300MB，请按区县或乡镇拆分后上传。"))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("只接受 .csv 或 .xlsx 文件。"))
        return upload


class ClueFilterForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("村"), required=False, queryset=Region.objects.none(), empty_label=_("全部")
    )
    source = forms.ChoiceField(
        label=_("来源"), required=False, choices=[("", _("全部"))] + Clue.Source.choices
    )
    overdue = forms.BooleanField(label=_("仅看超期"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = Region.objects.visible_to(user).filter(level=Region.Level.VILLAGE)
        self.fields["village"].queryset = villages.order_by("code")
        for name in ("village", "source"):
            self.fields[name].widget.attrs["class"] = "form-select"


class ConfirmForm(forms.Form):
    category = forms.ChoiceField(label=_("监测对象类型"), choices=Category.choices)
    risk_type = forms.ChoiceField(label=_("风险类型"), choices=RiskType.choices)
    disaster_subtype = forms.ChoiceField(
        label=_("灾害类型"), required=False, choices=[("", "—"), *DisasterSubtype.choices]
    )
    note = forms.CharField(
        label=_("核验情况"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExcludeForm(forms.Form):
    reason = forms.CharField(label=_("排除原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
