"""Forms validate and convert; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField
from households.choices import DisasterSubtype, RiskType

from .models import Case, Category, Channel, EliminationType
from .reviews import ReviewEntry


class NominateForm(forms.Form):
    category = forms.ChoiceField(label=_("监测对象类型"), choices=Category.choices)
    risk_types = forms.MultipleChoiceField(
        label=_("致贫返贫风险"), choices=RiskType.choices, widget=forms.CheckboxSelectMultiple
    )
    disaster_subtype = forms.ChoiceField(
        label=_("灾害类型（因自然灾害时填写）"), choices=[("", "—")] + DisasterSubtype.choices, required=False
    )
    channel = forms.ChoiceField(label=_("发现方式"), choices=Channel.choices)
    found_on = DateField(label=_("发现风险日期"))
    evidence = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}))

    def risks(self) -> list[tuple[str, str]]:
        subtype = self.cleaned_data["disaster_subtype"]
        return [(r, subtype if r == RiskType.DISASTER else "") for r in self.cleaned_data["risk_types"]]


class VerifyForm(forms.Form):
    opinion = forms.CharField(label=_("核实情况"), widget=forms.Textarea(attrs={"rows": 3}))
    authorisation = forms.FileField(label=_("承诺授权书（签字扫描件或照片）"), required=False)


class DeliberateForm(forms.Form):
    meeting_date = DateField(label=_("评议日期"))
    participants = forms.CharField(
        label=_("参会人员（用、，或换行分隔）"), widget=forms.Textarea(attrs={"rows": 2})
    )
    votes_for = forms.IntegerField(label=_("赞成票"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对票"), min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label=_("弃权票"), min_value=0, initial=0)
    minutes = forms.CharField(label=_("会议记录"), widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionForm(forms.Form):
    objection = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 2}))


class TownshipReviewForm(forms.Form):
    office = forms.CharField(label=_("审核科室"), max_length=50, required=False)
    opinion = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    opinion = forms.CharField(label=_("审定意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ResubmitForm(forms.Form):
    evidence = forms.CharField(label=_("补充说明"), widget=forms.Textarea(attrs={"rows": 3}))


class ExitForm(forms.Form):
    elimination_type = forms.ChoiceField(label=_("消除类型"), choices=EliminationType.choices)
    evidence = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("自然消除原因"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部状态"))] + Case.Status.choices, required=False
    )
    category = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部类型"))] + Category.choices, required=False
    )
    village = forms.CharField(label=_("村（区划代码）"), required=False)
    overdue = forms.BooleanField(label=_("仅逾期"), required=False)
    q = forms.CharField(label=_("户主或户编号"), required=False)


class ReviewEntryForm(forms.Form):
    risk_status = forms.ChoiceField(label=_("风险状态"), choices=ReviewEntry.RiskStatus.choices)
    plan_changes = forms.CharField(
        label=_("帮扶方案调整"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(label=_("备注"), required=False)


class ReviewCompleteForm(forms.Form):
    held_on = DateField(label=_("研判日期"))
    participants = forms.CharField(label=_("参加人员"), widget=forms.Textarea(attrs={"rows": 2}))
