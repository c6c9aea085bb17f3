"""Forms validate and convert; the services in ``households.services`` save (STYLE)."""

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, scope_region_ids
from common.actions import add_service_error, submit
from common.forms import DateField, RegionField
from regions.models import Region

from . import bounds
from .choices import (
    Assurance,
    HouseholdFlagKind,
    IncomeChange,
    Relationship,
    RelocationMode,
    RiskType,
    VisitKind,
)
from .models import AMOUNT_FIELDS, DuplicateCandidate, Household, IncomeRecord, Member, Visit
from .rules import composition_errors, member_problems, phone_error
from .services._common import MEMBER_FIELDS, refuse_duplicate


def villages_for(user, role=Role.VILLAGE):
    qs = Region.objects.filter(level=Region.Level.VILLAGE).order_by("code")
    return qs if user.is_superuser else qs.filter(pk__in=scope_region_ids(user, (role,)))


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("姓名、身份证号或户编号"), "type": "search", "autocomplete": "off"}
        ),
    )
    # Plain (id, name) choices rendered by hand: a county has hundreds of villages, and Django's
    # per-option widget templates cost more than the whole list query.
    village = forms.TypedChoiceField(label=_("村/社区"), coerce=int, required=False, empty_value=None)
    flag = forms.ChoiceField(
        label=_("农户属性"), choices=[("", _("全部"))] + HouseholdFlagKind.choices, required=False
    )
    below = forms.BooleanField(label=_("低于监测范围"), required=False)
    monitored = forms.ChoiceField(
        label=_("监测对象"),
        choices=[("", _("全部")), ("yes", _("监测中")), ("no", _("非监测对象"))],
        required=False,
    )
    region = RegionField()  # set by the dashboard's tiles and charts

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)
        villages = Region.objects.filter(level=Region.Level.VILLAGE)
        if not user.is_superuser:
            villages = villages.filter(pk__in=scope_region_ids(user, REGISTER_ROLES))
        self.fields["village"].choices = [("", _("全部"))] + list(
            villages.order_by("code").values_list("pk", "name")
        )

    def select_options(self) -> list[tuple]:
        """(field, [(value, label, selected)]) for the hand-rendered selects, worked out once."""
        rows = []
        for name in ("village", "flag", "monitored"):
            field = self[name]
            current = str(field.value() or "")
            rows.append((field, [(str(v), label, str(v) == current) for v, label in field.field.choices]))
        return rows


class HouseholdForm(forms.ModelForm):
    # The updated_at the editor loaded: a household changed since is refused ("已被他人修改").
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Household
        fields = ["village", "number", "group_name", "natural_village", "address", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 11})}
        help_texts = {"number": _("新户可留空，系统按“村代码+4位序号”生成。")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        if self.instance.pk:
            del self.fields["village"]  # moving a household to another village is not an edit
            self.fields["version"].initial = self.instance.updated_at.isoformat()
        else:
            villages = list(villages_for(user))
            self.fields["village"].queryset = villages_for(user)
            self.fields["village"].label_from_instance = lambda r: r.name
            if len(villages) == 1:  # most cadres keep one village: one tap fewer
                self.fields["village"].initial = villages[0].pk

    def clean(self):
        data = super().clean() or {}
        error = phone_error(str(data.get("phone") or "").strip())
        if error and "phone" not in self.errors:
            add_service_error(self, error)
        return data

    def _post_clean(self):
        """Model checks (unique number, phone) belong to the service, which reports them in Chinese."""


class MemberForm(forms.ModelForm):
    """One member inside the household flow; errors show next to the field they concern."""

    PRIMARY = (
        "name",
        "id_type",
        "id_number",
        "relationship",
        "education",
        "school_status",
        "labour_skill",
        "medical_insurance",
    )

    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {
            "id_number": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"})
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bounds.apply_to_form(self, Member)
        for name in ("relationship", "labour_skill", "medical_insurance"):
            self.fields[name].required = True

    def primary_fields(self):
        return [self[name] for name in self.PRIMARY]

    def more_fields(self):
        return [self[name] for name in MEMBER_FIELDS if name not in self.PRIMARY]

    def clean(self):
        data = super().clean()
        # The services' member rules, every one of them at once, next to the field they concern
        # (a field that already failed its own check keeps that first message).
        values, problems = member_problems(data or {})
        for problem in problems:
            if problem.field not in self.errors:
                add_service_error(self, problem)
        self.person_id = values.get("person_id", "")
        if self.person_id and "id_number" not in self.errors:
            submit(
                self, refuse_duplicate, person_id=self.person_id, by=self.user, exclude_pk=self.instance.pk
            )
        return data

    def _post_clean(self):
        """The service checks the model invariants (and the database holds them)."""


class BaseMemberFormSet(BaseModelFormSet):
    def clean(self):
        """The household's composition (one 户主, one 配偶, no ID twice), in the same submit as
        every field error."""
        super().clean()
        rows = [
            f
            for f in self.forms
            if (f.instance.pk or f.has_changed()) and getattr(f, "cleaned_data", None) is not None
        ]
        relationships = [f.cleaned_data.get("relationship") or "" for f in rows]
        person_ids = [getattr(f, "person_id", "") for f in rows]
        for problem in composition_errors(relationships, [p for p in person_ids if p]):
            # Next to the rows concerned: the heads (or the first row when there is none), the
            # spouses, the second use of an ID number.
            if problem.code == "one_head":
                concerned = [
                    f for f, r in zip(rows, relationships, strict=True) if r == Relationship.HEAD
                ] or rows[:1]
            elif problem.code == "one_spouse":
                concerned = [f for f, r in zip(rows, relationships, strict=True) if r == Relationship.SPOUSE]
            else:
                concerned = [f for i, f in enumerate(rows) if f.person_id and f.person_id in person_ids[:i]]
            for form in concerned:
                if problem.field not in form.errors:
                    add_service_error(form, problem)


MemberFormSet = modelformset_factory(Member, form=MemberForm, formset=BaseMemberFormSet, extra=0)


class VisitForm(forms.Form):
    visited_on = DateField(label=_("走访日期"))
    kind = forms.ChoiceField(
        label=_("走访方式"), choices=VisitKind.choices, initial=VisitKind.HOME, widget=forms.RadioSelect
    )
    income_change = forms.ChoiceField(
        label=_("收入变化"), choices=IncomeChange.choices, required=False, widget=forms.RadioSelect
    )
    new_risks = forms.MultipleChoiceField(
        label=_("新发现风险"), choices=RiskType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        for name in Visit.ASSURANCE_FIELDS:
            label = Visit._meta.get_field(name).verbose_name  # type: ignore[union-attr]  # a plain field
            self.fields[name] = forms.ChoiceField(
                label=label, choices=Assurance.choices, widget=forms.RadioSelect
            )
            self.fields[f"{name}_note"] = forms.CharField(
                label=_("说明"),
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"placeholder": _("有问题时简要说明")}),
            )

    def checklist(self):
        """(status field, note field) pairs for the big toggles."""
        return [(self[name], self[f"{name}_note"]) for name in Visit.ASSURANCE_FIELDS]


def _model_field(model, name: str, **kwargs) -> forms.Field:
    """The form field of a model field, carrying its bounds (digits, places, validators)."""
    return model._meta.get_field(name).formfield(**kwargs)


class IncomeForm(forms.Form):
    AMOUNTS = AMOUNT_FIELDS

    period = forms.ChoiceField(
        label=_("口径"),
        choices=IncomeRecord.Period.choices,
        initial=IncomeRecord.Period.YEAR,
        widget=forms.RadioSelect,
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000)
    period_end = DateField(label=_("截止日期（滚动口径）"), required=False)
    # Amounts and the head count take their bounds from the model fields (households.bounds).
    wage = _model_field(IncomeRecord, "wage", min_value=0)
    business = _model_field(IncomeRecord, "business", min_value=0)
    property = _model_field(IncomeRecord, "property", min_value=0)
    transfer = _model_field(IncomeRecord, "transfer", min_value=0)
    business_expense = _model_field(IncomeRecord, "business_expense", min_value=0)
    insurance_claims = _model_field(IncomeRecord, "insurance_claims", min_value=0)
    compliant_self_paid = _model_field(IncomeRecord, "compliant_self_paid", min_value=0)
    members = _model_field(
        IncomeRecord, "members", required=False, min_value=1, help_text=_("留空按现有家庭人口计算。")
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=200)
    replace = forms.BooleanField(
        label=_("替换已有记录"), required=False, help_text=_("该期间已有记录时须勾选，保存后原记录被替换。")
    )

    def __init__(self, *args, stored: IncomeRecord | None = None, **kwargs):
        """``stored``: the household's record for the period shown; its values are the start."""
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year - 1
        self.fields["period_end"].initial = today
        bounds.apply_to_form(self, IncomeRecord)
        if stored is not None:
            self.initial.update({k: getattr(stored, k) for k in self.AMOUNTS})
            self.initial.update(
                period=stored.period, year=stored.year, members=stored.members, note=stored.note
            )
        for name in self.fields:
            if isinstance(self.fields[name], forms.DecimalField):
                self.fields[name].widget.attrs.update(inputmode="decimal")


class FlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("农户属性"), choices=HouseholdFlagKind.choices)
    start_date = DateField(label=_("起始日期"), required=False)
    exit_year = forms.IntegerField(label=_("脱贫年度"), required=False, min_value=2013, max_value=2020)
    relocation_mode = forms.ChoiceField(
        label=_("安置方式"), choices=[("", "—"), *RelocationMode.choices], required=False
    )
    relocation_site = forms.CharField(label=_("安置点"), required=False, max_length=100)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)


class FlagEndForm(forms.Form):
    end_date = DateField(label=_("终止日期"))


class MemberRemoveForm(forms.Form):
    reason = forms.ChoiceField(label=_("减员原因"), choices=Member.RemovalReason.choices)
    on = DateField(label=_("减员日期"))


class MemberTransferForm(forms.Form):
    to_number = forms.CharField(label=_("迁入户户编号"), max_length=32)
    new_relationship = forms.ChoiceField(label=_("在迁入户中与户主关系"), choices=Relationship.choices)
    reason = forms.CharField(label=_("转移原因"), max_length=200)


class MonitoringLineForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2021, max_value=2100)
    region = forms.ModelChoiceField(label=_("适用区域"), queryset=Region.objects.none())
    amount = forms.DecimalField(label=_("监测范围（元/人·年）"), max_digits=10, decimal_places=2)
    basis = forms.CharField(label=_("依据（文件文号）"), max_length=200)
    effective_date = DateField(label=_("生效日期"))
    is_demo = forms.BooleanField(label=_("演示数据（非正式文件公布）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        levels = (Region.Level.CITY, Region.Level.COUNTY)
        regions = Region.objects.filter(level__in=levels).order_by("depth", "code")
        if not user.is_superuser:
            regions = regions.filter(pk__in=scope_region_ids(user, (Role.COUNTY,)))
        self.fields["region"].queryset = regions


class DuplicateFilterForm(forms.Form):
    """The 疑似重复 list's filters (applied by ``filters.DuplicateFilter``)."""

    status = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部"))] + DuplicateCandidate.Status.choices,
        required=False,
        initial=DuplicateCandidate.Status.OPEN,
    )
    kind = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部"))] + DuplicateCandidate.Kind.choices, required=False
    )
    reason = forms.ChoiceField(label=_("理由"), required=False)
    village = forms.TypedChoiceField(label=_("村/社区"), coerce=int, required=False, empty_value=None)
    min_score = forms.IntegerField(label=_("疑似程度不低于"), min_value=0, max_value=100, required=False)
    region = RegionField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .duplicates import REASONS

        self.fields["region"].limit_to(user)
        self.fields["reason"].choices = [("", _("全部"))] + [(c, _(r.text)) for c, r in REASONS.items()]
        villages = Region.objects.filter(level=Region.Level.VILLAGE)
        if not user.is_superuser:
            villages = villages.filter(pk__in=scope_region_ids(user, REGISTER_ROLES))
        self.fields["village"].choices = [("", _("全部"))] + list(
            villages.order_by("code").values_list("pk", "name")
        )


class DuplicateMergeForm(forms.Form):
    keep = forms.ChoiceField(
        label=_("保留哪一条"),
        choices=[("a", _("保留左侧（甲）")), ("b", _("保留右侧（乙）"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class DuplicateNotSameForm(forms.Form):
    # Required by the service (a Chinese refusal on this field), so the page shows the same words.
    note = forms.CharField(label=_("核实情况"), max_length=200, required=False)
