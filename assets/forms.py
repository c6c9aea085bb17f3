"""Forms validate and convert; the services in ``assets.services`` write."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from households.models import Household
from regions.models import Region

from .choices import AssetClass, AssetKind, AssetStatus, FundingSource, OwnerType
from .models import (
    Asset,
    Disposal,
    DistributionPlan,
    FundContribution,
    InventoryItem,
    MaintenanceReport,
    PerformanceNote,
    Project,
)
from .selectors import LEVELS
from .services.ledger import ASSET_FIELDS


def _blank(choices):
    return [("", _("全部"))] + list(choices)


class LedgerFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("台账层级"),
        required=False,
        choices=[
            ("", _("含下级全部")),
            ("county", _("县级资产")),
            ("township", _("乡镇级资产")),
            ("village", _("村级资产")),
        ],
    )
    asset_class = forms.ChoiceField(label=_("资产类别"), required=False, choices=_blank(AssetClass.choices))
    kind = forms.ChoiceField(label=_("资产类型"), required=False, choices=_blank(AssetKind.choices))
    owner_type = forms.ChoiceField(label=_("权属类型"), required=False, choices=_blank(OwnerType.choices))
    status = forms.ChoiceField(
        label=_("状态"), required=False, initial=AssetStatus.ACTIVE, choices=_blank(AssetStatus.choices)
    )
    year = forms.IntegerField(label=_("项目年度"), required=False, min_value=2012, max_value=2100)
    q = forms.CharField(label=_("编号或名称"), required=False, max_length=50)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {k: v for k, v in data.items() if k != "level" and v not in (None, "")}


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "year", "approval", "region", "completed_on"]
        field_classes = {"completed_on": DateField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(level__in=LEVELS)


class AssetForm(forms.ModelForm):
    class Meta:
        model = Asset
        fields = ASSET_FIELDS
        field_classes = {"completed_on": DateField, "handed_over_on": DateField, "registered_on": DateField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(level__in=LEVELS)
        self.fields["project"].queryset = Project.objects.visible_to(user).select_related("region")

    def validate_unique(self):
        pass


class FundingForm(forms.Form):
    source = forms.ChoiceField(label=_("资金来源"), choices=_blank(FundingSource.choices), required=False)
    amount = forms.DecimalField(
        label=_("金额（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"), required=False
    )

    def clean(self):
        data = super().clean() or {}
        if bool(data.get("source")) != (data.get("amount") is not None):
            raise forms.ValidationError(_("资金来源和金额须同时填写。"))
        return data


FundingFormSet = forms.formset_factory(FundingForm, extra=3, max_num=len(FundingSource.values))


def fundings_of(formset) -> list[tuple[str, Decimal]]:
    return [
        (f.cleaned_data["source"], f.cleaned_data["amount"]) for f in formset if f.cleaned_data.get("source")
    ]


class InventoryItemForm(forms.Form):
    state = forms.ChoiceField(
        label=_("清查结果"),
        choices=[c for c in InventoryItem.State.choices if c[0] != InventoryItem.State.PENDING],
    )
    assessed_value = forms.DecimalField(
        label=_("评估价值（元）"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class IncomeForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2013, max_value=2100)
    amount = forms.DecimalField(label=_("收益（元）"), max_digits=14, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class PlanForm(forms.ModelForm):
    class Meta:
        model = DistributionPlan
        fields = ["year", "amount", "method"]


class SharesForm(forms.Form):
    """The beneficiary list as typed or pasted from a spreadsheet: one "户编号 金额" per line."""

    lines = forms.CharField(
        label=_("分配对象"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("每行一户：户编号 金额（空格或逗号分隔），例如 500230201201001 1200.00"),
    )

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_lines(self):
        parsed, errors = [], []
        for number, raw in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            parts = raw.replace(",", " ").replace("，", " ").replace("\t", " ").split()
            if not parts:
                continue
            if len(parts) != 2:
                errors.append(_("第 %d 行应为“户编号 金额”。") % number)
                continue
            try:
                amount = Decimal(parts[1])
            except ArithmeticError:
                errors.append(_("第 %d 行金额不是数字。") % number)
                continue
            if amount != amount.quantize(Decimal("0.01")):
                errors.append(_("第 %d 行金额最多两位小数。") % number)
                continue
            parsed.append((parts[0], amount))
        households = {
            h.number: h
            for h in Household.objects.filter(
                number__in=[n for n, _a in parsed], village__path__startswith=self.region.path
            ).select_related("village")
        }
        missing = [n for n, _a in parsed if n not in households]
        if missing:
            errors.append(_("以下户编号不在资产所在区域：%s") % "、".join(missing[:20]))
        if errors:
            raise forms.ValidationError(errors)
        return [(households[n], amount) for n, amount in parsed]


class DecisionForm(forms.Form):
    meeting_on = DateField(label=_("会议日期"), initial=timezone.localdate)
    votes_for = forms.IntegerField(label=_("赞成票"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对票"), min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label=_("弃权票"), min_value=0, initial=0)
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 4}))


class DisposalForm(forms.ModelForm):
    class Meta:
        model = Disposal
        fields = ["kind", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}))


class DisposalCompleteForm(forms.Form):
    proceeds = forms.DecimalField(label=_("处置收入（元）"), max_digits=14, decimal_places=2, min_value=0)
    disposed_on = DateField(label=_("处置日期"), initial=timezone.localdate)
    proceeds_use = forms.CharField(
        label=_("收入用途"),
        max_length=200,
        required=False,
        initial=_("重新安排用于巩固拓展脱贫攻坚成果和乡村振兴"),
    )


class MaintenanceForm(forms.ModelForm):
    class Meta:
        model = MaintenanceReport
        fields = ["kind", "reported_on", "description", "cost"]
        field_classes = {"reported_on": DateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class PerformanceForm(forms.ModelForm):
    class Meta:
        model = PerformanceNote
        fields = ["year", "rating", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class BeneficiariesForm(forms.Form):
    numbers = forms.CharField(
        label=_("受益农户户编号"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一个户编号（也可用空格或逗号分隔）。"),
    )

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_numbers(self):
        raw = self.cleaned_data["numbers"]
        numbers = list(dict.fromkeys(raw.replace(",", " ").replace("，", " ").split()))
        households = {
            h.number: h
            for h in Household.objects.filter(
                number__in=numbers, village__path__startswith=self.region.path
            ).select_related("village")
        }
        missing = [n for n in numbers if n not in households]
        if missing:
            raise forms.ValidationError(_("以下户编号不在资产所在区域：%s") % "、".join(missing[:20]))
        return [households[n] for n in numbers]


# -- the operation and maintenance fund (运维基金) ------------------------------------------------


class FundContributionForm(forms.Form):
    received_on = DateField(label=_("到账日期"), initial=timezone.localdate)
    amount = forms.DecimalField(
        label=_("金额（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    source = forms.ChoiceField(label=_("资金来源"), choices=FundContribution.Source.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class FundRequestForm(forms.Form):
    amount_requested = forms.DecimalField(
        label=_("申请金额（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    reason = forms.CharField(label=_("损毁情况及维修方案"), widget=forms.Textarea(attrs={"rows": 4}))
    damage_report = forms.ModelChoiceField(
        label=_("损毁报告"), queryset=MaintenanceReport.objects.none(), required=False
    )

    def __init__(self, *args, asset: Asset, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["damage_report"]
        field.queryset = asset.maintenance_reports.filter(kind=MaintenanceReport.Kind.DAMAGE)
        field.label_from_instance = lambda r: f"{r.reported_on} {r.description[:30]}"


class FundApproveForm(OpinionForm):
    amount_approved = forms.DecimalField(
        label=_("批准金额（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )


class FundCompleteForm(forms.Form):
    opinion = forms.CharField(label=_("办结说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FundSpendingForm(forms.Form):
    spent_on = DateField(label=_("支出日期"), initial=timezone.localdate)
    amount = forms.DecimalField(
        label=_("支出金额（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    payee = forms.CharField(label=_("收款单位/人"), max_length=100)
    note = forms.CharField(label=_("用途说明"), max_length=200, required=False)
