"""Forms of the employment and public-welfare post pages."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from households.models import Member
from regions.models import Region

from .models import Appointment, EmploymentStatus, WelfarePost


def _villages(user: Any) -> Any:
    return Region.objects.visible_to(user).filter(level=Region.Level.VILLAGE)


class RecordFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("就业状态"), required=False, choices=[("", _("全部状态")), *EmploymentStatus.choices]
    )
    village = forms.ModelChoiceField(
        label=_("村"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("全部村"),
    )
    employed = forms.BooleanField(label=_("仅看务工就业"), required=False)
    outside = forms.BooleanField(label=_("仅看外出务工（县外）"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = _villages(user)


class FollowUpForm(forms.Form):
    employment_status = forms.ChoiceField(
        label=_("就业状态"),
        choices=[(v, label) for v, label in EmploymentStatus.choices if v != EmploymentStatus.UNKNOWN],
    )
    employer = forms.CharField(label=_("用工单位或务工地点"), max_length=100, required=False)
    months = forms.IntegerField(label=_("今年务工月数"), min_value=0, max_value=12)
    income = forms.DecimalField(
        label=_("今年务工收入（元）"), min_value=Decimal(0), max_digits=10, decimal_places=2
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class PostFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("岗位类别"), required=False, choices=[("", _("全部类别")), *WelfarePost.Kind.choices]
    )
    village = forms.ModelChoiceField(
        label=_("村"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("全部村"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = _villages(user)


class PostForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("村（社区）"), queryset=Region.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("岗位类别"), choices=WelfarePost.Kind.choices)
    name = forms.CharField(label=_("岗位名称"), max_length=60)
    places = forms.IntegerField(label=_("岗位数"), min_value=1, max_value=999)
    monthly_pay = forms.DecimalField(
        label=_("月补贴标准（元）"), min_value=Decimal("0.01"), max_digits=8, decimal_places=2
    )
    funding_source = forms.ChoiceField(label=_("资金来源"), choices=WelfarePost.Funding.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = _villages(user)


def _member_label(member: Member) -> str:
    return f"{member.name}（{member.household.number}，{member.labour_skill}）"


class ProposeForm(forms.Form):
    member = forms.ModelChoiceField(label=_("拟聘成员"), queryset=Member.objects.none())
    proposed_on = DateField(label=_("拟聘日期"))

    def __init__(self, *args: Any, post: WelfarePost, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["member"])
        field.queryset = (
            Member.objects.filter(household__village=post.village, removed_on__isnull=True)
            .select_related("household")
            .order_by("household__number", "id")
        )
        field.label_from_instance = _member_label  # type: ignore[method-assign,assignment]


class ApproveForm(forms.Form):
    start_on = DateField(label=_("上岗日期"))


class ExitForm(forms.Form):
    end_on = DateField(label=_("退岗日期"))
    exit_reason = forms.ChoiceField(label=_("退岗原因"), choices=Appointment.ExitReason.choices)
    exit_note = forms.CharField(label=_("退岗说明"), max_length=200, required=False)


class AttendanceForm(forms.Form):
    month = DateField(label=_("月份（任选该月一天）"))
    days_worked = forms.IntegerField(label=_("出勤天数"), min_value=0, max_value=31)
    passed = forms.BooleanField(label=_("考核合格"), required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class PayForm(forms.Form):
    paid_on = DateField(label=_("发放日期"))
