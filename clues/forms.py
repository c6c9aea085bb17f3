from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.scope import scope_region_ids
from common.forms import DateField, RegionField
from households.choices import DisasterSubtype, RiskType
from households.models import Household
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
    region = RegionField()  # set by the dashboard's tile

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)
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


def _risk_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("风险类型"), choices=RiskType.choices, widget=forms.CheckboxSelectMultiple
    )


class ApplicationRecordForm(forms.Form):
    """农户自主申报 filled by a village cadre with the applicant."""

    household = forms.ModelChoiceField(label=_("申报农户"), queryset=Household.objects.none())
    risk_types = _risk_field()
    description = forms.CharField(
        label=_("困难情况"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    found_on = DateField(label=_("申报日期"))
    photo = forms.FileField(label=_("照片（可选）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = Household.objects.visible_to(user).filter(village__in=scope_region_ids(user, (Role.VILLAGE,)))
        self.fields["household"].queryset = own.select_related("village").order_by("number")


class AcceptForm(forms.Form):
    """受理 a pending application: which household of the village it is, which risks."""

    household = forms.ModelChoiceField(label=_("匹配农户"), queryset=Household.objects.none())
    risk_types = _risk_field()

    def __init__(self, *args, application, user, **kwargs):
        super().__init__(*args, **kwargs)
        households = Household.objects.visible_to(user).filter(village=application.village)
        self.fields["household"].queryset = households.order_by("number")


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("不予受理原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublicApplicationForm(forms.Form):
    """The QR-code page: only what the applicant types; nothing from the register is shown."""

    name = forms.CharField(label=_("姓名"), max_length=64)
    phone = forms.RegexField(
        label=_("联系电话"),
        regex=r"^[0-9+\- ]{7,20}$",
        max_length=20,
        required=False,
        error_messages={"invalid": _("请填写正确的电话号码。")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    group = forms.CharField(label=_("村民小组"), max_length=40, required=False)
    description = forms.CharField(
        label=_("遇到的困难"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
