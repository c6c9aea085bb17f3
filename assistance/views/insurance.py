"""参保核查: members of monitored and 脱贫 households lacking 养老保险 or 医保 (township and county)."""

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.scope import require_role
from common.masking import Masker
from common.pagination import paginate
from households.models import Member
from regions.models import Region

from ..insurance import insurance_gaps, medical_insurance_rate
from ..selectors import rate_percent


class InsuranceFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("缺少"),
        required=False,
        choices=[
            ("", _("养老保险或医保")),
            ("pension", _("养老保险（16–59岁，非在校）")),
            ("medical", _("医保")),
        ],
    )
    village = forms.ModelChoiceField(
        label=_("村"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("全部村"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = Region.objects.visible_to(
            user
        ).filter(level=Region.Level.VILLAGE)


@login_required
def insurance_gaps_page(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.TOWNSHIP, Role.COUNTY)
    on = timezone.localdate()
    members = Member.objects.visible_to(request.user)
    form = InsuranceFilterForm(request.GET or None, user=request.user)
    kind = ""
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        if village := form.cleaned_data["village"]:
            members = members.filter(household__village=village)
    insured, checked = medical_insurance_rate(members, on)
    page = paginate(request, insurance_gaps(members, on, kind=kind))
    masker = Masker(request.user)
    for member in page:
        member.shown_id = masker.id(member.id_number)
    return render(
        request,
        "assistance/insurance.html",
        {
            "form": form,
            "page_obj": page,
            "insured": insured,
            "checked": checked,
            "rate": rate_percent(insured, checked),
        },
    )
