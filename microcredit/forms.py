"""Forms of the microcredit pages."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from households.models import Member
from regions.models import Region

from .models import Loan


class LoanFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *Loan.Status.choices]
    )
    bank = forms.CharField(label=_("贷款银行"), required=False, max_length=60)
    village = forms.ModelChoiceField(
        label=_("村"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("全部村"),
    )
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = Region.objects.visible_to(
            user
        ).filter(level=Region.Level.VILLAGE)


class LoanForm(forms.Form):
    borrower = forms.CharField(label=_("借款人身份证号"), max_length=18)
    bank = forms.CharField(label=_("贷款银行"), max_length=60, initial=_("农村商业银行"))
    amount = forms.DecimalField(label=_("贷款金额（元）"), max_digits=12, decimal_places=2, min_value=0)
    term_months = forms.IntegerField(label=_("期限（月）"), min_value=1, max_value=120, initial=36)
    annual_rate = forms.DecimalField(label=_("年利率（%）"), max_digits=5, decimal_places=2, min_value=0)
    subsidy_rate = forms.DecimalField(
        label=_("贴息年利率（%）"), max_digits=5, decimal_places=2, min_value=0, initial=0
    )
    method = forms.ChoiceField(label=_("还款方式"), choices=Loan.Method.choices)
    purpose = forms.CharField(label=_("贷款用途"), max_length=100)
    applied_on = DateField(label=_("登记日期"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_borrower(self) -> Member:
        number = self.cleaned_data["borrower"].strip().upper()
        member = (
            Member.objects.visible_to(self.user)
            .filter(person_id=number)
            .select_related("household__village")
            .first()
        )
        if member is None:
            raise forms.ValidationError(_("本辖区内没有该身份证号的家庭成员。"))
        return member


class IssueForm(forms.Form):
    issued_on = DateField(label=_("发放日期"))


class RepayForm(forms.Form):
    paid_on = DateField(label=_("还款日期"))
    principal = forms.DecimalField(
        label=_("本金（元）"), max_digits=12, decimal_places=2, min_value=0, initial=0
    )
    interest = forms.DecimalField(
        label=_("利息（元）"), max_digits=12, decimal_places=2, min_value=0, initial=0
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class ExtendForm(forms.Form):
    new_due_on = DateField(label=_("展期后到期日期"))
    reason = forms.CharField(label=_("展期原因"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)
