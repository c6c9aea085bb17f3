from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from households.choices import RiskType
from regions.models import Region

from .models import Measure, MeasureCategory
from .services.measures import EDITABLE


class CategoryChoiceField(forms.ModelChoiceField):
    """Sub-types indented under their category, so the phone's native picker reads as a tree."""

    def label_from_instance(self, obj):
        return f"　└ {obj.name}" if obj.parent_id else obj.name


def category_tree_queryset():
    return MeasureCategory.objects.filter(active=True).order_by("order", "code")


class MeasureForm(forms.ModelForm):
    category = CategoryChoiceField(queryset=MeasureCategory.objects.none(), label=_("措施类别"))

    class Meta:
        model = Measure
        fields = list(EDITABLE)  # what measure_update accepts
        # The planned dates render as ISO, so a measure saved unchanged keeps them (issue 14).
        field_classes = {"planned_start": DateField, "planned_end": DateField}
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "amount": forms.NumberInput(attrs={"inputmode": "decimal", "min": 0, "step": "0.01"}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_tree_queryset()
        self.fields["member"].queryset = case.household.members.filter(removed_on__isnull=True)
        self.fields["member"].required = False
        self.fields["member"].label = _("受益成员")  # the model field has no Chinese name
        self.fields["member"].empty_label = _("全户")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "")
            field.widget.attrs["class"] += " form-control-lg"


class TransitionForm(forms.Form):
    on = DateField(label=_("日期"), required=False)
    effect = forms.CharField(label=_("帮扶成效"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64)
    unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("联系电话"), max_length=11, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    username = forms.CharField(
        label=_("系统账号（可选）"),
        max_length=150,
        required=False,
        help_text=_("填写后，该责任人登录即可在“我的帮扶对象”中看到此户。"),
    )
    start_date = DateField(label=_("开始日期"), required=False)


class CategoryForm(forms.ModelForm):
    addresses = forms.MultipleChoiceField(
        label=_("针对风险"), choices=RiskType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = MeasureCategory
        fields = [
            "code",
            "name",
            "parent",
            "kind",
            "addresses",
            "is_comprehensive_security",
            "active",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = MeasureCategory.objects.filter(parent__isnull=True)
        if self.instance.pk:
            self.fields["code"].disabled = True


class MeasureFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *Measure.Status.choices]
    )
    category = forms.ModelChoiceField(
        label=_("类别"),
        required=False,
        queryset=MeasureCategory.objects.filter(parent__isnull=True),
        empty_label=_("全部类别"),
    )
    village = forms.ModelChoiceField(
        label=_("村"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("全部村"),
    )
    overdue = forms.BooleanField(label=_("仅看逾期未完成"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Region.objects.visible_to(user).filter(level=Region.Level.VILLAGE)
