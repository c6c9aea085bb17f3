"""Forms validate and convert; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateField, RegionField
from households.choices import Assurance, DisasterSubtype, RiskType

from .models import Case, Category, Channel, EliminationType
from .reviews import ReviewEntry


def attachment_field() -> forms.FileField:
    """The evidence of a step: a photo or PDF scan. Required or not is the step's policy
    (``evidence_<procedure>_step<n>``), checked by the service."""
    return forms.FileField(label=_("材料（照片或PDF扫描件）"), required=False)


ASSURANCE_CHOICES = [("", "—"), *Assurance.choices]  # the visit's own scale
LABOUR_CHOICES = [("", "—"), ("able", _("有劳动能力")), ("no_labour", _("整户无劳动能力"))]
# Exit step 2 (风险消除入户核实) records these; an enrolment's verification does not show them.
EXIT_VERIFY_FIELDS = (
    "verified_income",
    "food_clothing",
    "education",
    "medical",
    "housing",
    "water",
    "labour_check",
)


class NominateForm(forms.Form):
    category = forms.ChoiceField(label=_("监测对象类型"), choices=Category.choices)
    risk_types = forms.MultipleChoiceField(
        label=_("致贫返贫风险"), choices=RiskType.choices, widget=forms.CheckboxSelectMultiple
    )
    disaster_subtype = forms.ChoiceField(
        label=_("灾害类型（因自然灾害时填写）"), choices=[("", "—"), *DisasterSubtype.choices], required=False
    )
    channel = forms.ChoiceField(label=_("发现方式"), choices=Channel.choices)
    found_on = DateField(label=_("发现风险日期"))
    evidence = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = attachment_field()

    def risks(self) -> list[tuple[str, str]]:
        subtype = self.cleaned_data["disaster_subtype"]
        return [(r, subtype if r == RiskType.DISASTER else "") for r in self.cleaned_data["risk_types"]]


class VerifyForm(forms.Form):
    opinion = forms.CharField(label=_("核实情况"), widget=forms.Textarea(attrs={"rows": 3}))
    authorisation = forms.FileField(label=_("承诺授权书（签字扫描件或照片）"), required=False)
    verified_income = forms.DecimalField(
        label=_("核实的家庭人均纯收入（元）"), max_digits=10, decimal_places=2, min_value=0, required=False
    )
    food_clothing = forms.ChoiceField(label=_("不愁吃不愁穿"), choices=ASSURANCE_CHOICES, required=False)
    education = forms.ChoiceField(label=_("义务教育"), choices=ASSURANCE_CHOICES, required=False)
    medical = forms.ChoiceField(label=_("基本医疗"), choices=ASSURANCE_CHOICES, required=False)
    housing = forms.ChoiceField(label=_("住房安全"), choices=ASSURANCE_CHOICES, required=False)
    water = forms.ChoiceField(label=_("饮水安全"), choices=ASSURANCE_CHOICES, required=False)
    labour_check = forms.ChoiceField(label=_("劳动能力核实"), choices=LABOUR_CHOICES, required=False)
    attachment = attachment_field()

    def for_case(self, case: Case) -> None:
        """Show what this procedure's verification asks: the 承诺授权书 for an enrolment, the
        income, 三保障, water and labour check for an exit (the service requires them)."""
        drop = EXIT_VERIFY_FIELDS if case.status == Case.Status.ENROLLING else ("authorisation",)
        for name in drop:
            self.fields.pop(name, None)


class DeliberateForm(forms.Form):
    meeting_date = DateField(label=_("评议日期"))
    participants = forms.CharField(
        label=_("参会人员（用、，或换行分隔）"), widget=forms.Textarea(attrs={"rows": 2})
    )
    votes_for = forms.IntegerField(label=_("赞成票"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对票"), min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label=_("弃权票"), min_value=0, initial=0)
    minutes = forms.CharField(label=_("会议记录"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = attachment_field()


class ObjectionForm(forms.Form):
    objection = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 2}))


class TownshipReviewForm(forms.Form):
    office = forms.CharField(label=_("审核科室"), max_length=50)
    opinion = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 2}))
    attachment = attachment_field()


class DecideForm(forms.Form):
    opinion = forms.CharField(label=_("审定意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    attachment = attachment_field()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ResubmitForm(forms.Form):
    evidence = forms.CharField(label=_("补充说明"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = attachment_field()


class ExitForm(forms.Form):
    elimination_type = forms.ChoiceField(label=_("消除类型"), choices=EliminationType.choices)
    evidence = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("自然消除原因"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attachment = attachment_field()


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部状态"))] + Case.Status.choices, required=False
    )
    category = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部类型"))] + Category.choices, required=False
    )
    risk_type = forms.ChoiceField(
        label=_("风险类型"), choices=[("", _("全部风险类型"))] + RiskType.choices, required=False
    )
    village = forms.CharField(label=_("村（区划代码）"), required=False)
    overdue = forms.BooleanField(label=_("仅逾期"), required=False)
    q = forms.CharField(label=_("户主或户编号"), required=False)
    # Set by the dashboard's tiles and charts, kept as hidden inputs when filtering again.
    region = RegionField()
    monitored = forms.BooleanField(required=False, widget=forms.HiddenInput)
    step = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)], coerce=int, required=False, empty_value=None,
        widget=forms.HiddenInput,
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)


class ReviewEntryForm(forms.Form):
    risk_status = forms.ChoiceField(label=_("风险状态"), choices=ReviewEntry.RiskStatus.choices)
    plan_changes = forms.CharField(
        label=_("帮扶方案调整"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(label=_("备注"), required=False)


class ReviewCompleteForm(forms.Form):
    held_on = DateField(label=_("研判日期"))
    participants = forms.CharField(label=_("参加人员"), widget=forms.Textarea(attrs={"rows": 2}))
