"""Visits, income, flags and member moves of one household (village cadres; POST-redirect-GET)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.actions import run, submit

from ..forms import FlagEndForm, FlagForm, IncomeForm, MemberRemoveForm, MemberTransferForm, VisitForm
from ..models import Household, IncomeRecord, Visit
from ..selectors import stored_income
from ..services import flag_end, flag_set, income_record, member_remove, member_transfer, visit_record
from ._access import writable_household


def _form_errors(form) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
def visit_create(request, pk: int):
    household = writable_household(request, pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # visit_record raises the clues for what the visit found (for the API and imports too).
        visit = submit(
            form,
            visit_record,
            household=household,
            by=request.user,
            visited_on=data["visited_on"],
            kind=data["kind"],
            checks={f: data[f] for f in Visit.ASSURANCE_FIELDS},
            check_notes={f: data[f"{f}_note"] for f in Visit.ASSURANCE_FIELDS},
            income_change=data["income_change"],
            new_risks=data["new_risks"],
            notes=data["notes"],
            photos=request.FILES.getlist("photos"),
        )
        if visit is not None:
            messages.success(request, _("走访记录已保存。"))
            if visit.raised:
                messages.warning(
                    request,
                    _("发现 %(n)d 项风险，已生成预警线索，待乡镇分派核验。") % {"n": len(visit.raised)},
                )
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/visit_form.html", {"household": household, "form": form})


@login_required
def income_create(request, pk: int):
    household = writable_household(request, pk)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year - 1
    stored = stored_income(household, year)
    form = IncomeForm(request.POST or None, stored=stored)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = submit(
            form,
            income_record,
            household=household,
            by=request.user,
            period=data["period"],
            year=data["year"],
            period_end=data["period_end"],
            amounts={k: data[k] for k in IncomeForm.AMOUNTS},
            members=data["members"],
            note=data["note"],
            replace=data["replace"],
        )
        if record is not None:
            messages.success(
                request,
                _("收支已保存：家庭纯收入 %(net)s 元，人均纯收入 %(pc)s 元。")
                % {"net": record.net_income, "pc": record.per_capita_net},
            )
            return redirect("households:detail", pk=household.pk)
    years = list(
        household.incomes.filter(period=IncomeRecord.Period.YEAR)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    context = {"household": household, "form": form, "stored": stored, "year": year, "years": years}
    return render(request, "households/income_form.html", context)


@require_POST
@login_required
def flag_add(request, pk: int):
    household = writable_household(request, pk)
    form = FlagForm(request.POST, prefix="flag")
    if form.is_valid():
        if run(request, flag_set, household=household, by=request.user, **form.cleaned_data):
            messages.success(request, _("已登记农户属性。"))
    else:
        messages.error(request, _("输入有误：%s") % _form_errors(form))
    return redirect("households:detail", pk=household.pk)


@require_POST
@login_required
def flag_close(request, pk: int, flag_pk: int):
    household = writable_household(request, pk)
    flag = get_object_or_404(household.flags, pk=flag_pk)
    form = FlagEndForm(request.POST)
    if form.is_valid():
        if run(request, flag_end, flag=flag, by=request.user, end_date=form.cleaned_data["end_date"]):
            messages.success(request, _("已终止该属性。"))
    else:
        messages.error(request, _("输入有误：%s") % _form_errors(form))
    return redirect("households:detail", pk=household.pk)


@require_POST
@login_required
def member_remove_view(request, pk: int, member_pk: int):
    household = writable_household(request, pk)
    member = get_object_or_404(household.members, pk=member_pk)
    form = MemberRemoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if run(request, member_remove, member=member, by=request.user, reason=data["reason"], on=data["on"]):
            messages.success(request, _("%(name)s 已减员。") % {"name": member.name})
    else:
        messages.error(request, _("输入有误：%s") % _form_errors(form))
    return redirect("households:detail", pk=household.pk)


@login_required
def member_transfer_view(request, pk: int, member_pk: int):
    household = writable_household(request, pk)
    member = get_object_or_404(household.members, pk=member_pk)
    form = MemberTransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = Household.objects.visible_to(request.user).filter(number=data["to_number"].strip()).first()
        if target is None:
            form.add_error("to_number", _("在您的管理范围内找不到该户编号。"))
        else:
            moved = submit(
                form,
                member_transfer,
                member=member,
                to_household=target,
                by=request.user,
                new_relationship=data["new_relationship"],
                reason=data["reason"],
            )
            if moved is not None:
                messages.success(
                    request, _("%(name)s 已转入 %(n)s。") % {"name": member.name, "n": target.number}
                )
                return redirect("households:detail", pk=target.pk)
    return render(
        request, "households/transfer_form.html", {"household": household, "member": member, "form": form}
    )
