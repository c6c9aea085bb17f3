"""Register or edit a household with its members in one form (phone first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import require_role
from common.errors import ServiceError

from .. import services
from ..choices import Relationship
from ..forms import HouseholdForm, MemberFormSet
from ..models import Member
from ._access import apply_service_error, writable_household


def _member_payload(formset):
    """(form, member or None, data) for each form that holds a member; blank extra forms skipped."""
    rows = []
    for form in formset.forms:
        existing = form.instance if form.instance.pk else None
        if existing or form.has_changed():
            rows.append((form, existing, form.cleaned_data))
    return rows


def _show_error(exc: ServiceError, household_form, rows) -> None:
    """``members.<i>.<field>`` errors go to the i-th member form, the rest to the household form."""
    if exc.field and exc.field.startswith("members."):
        _prefix, index, field = exc.field.split(".", 2)
        apply_service_error(rows[int(index)][0], ServiceError(exc.message, field=field))
    else:
        target = household_form
        if exc.field in ("relationship", "id_number") and rows:
            target = rows[0][0]
        apply_service_error(target, exc)


@login_required
def household_create(request):
    require_role(request.user, Role.VILLAGE)
    form = HouseholdForm(request.POST or None, user=request.user)
    formset = MemberFormSet(
        request.POST or None,
        queryset=Member.objects.none(),
        prefix="members",
        form_kwargs={"user": request.user},
        initial=[{"relationship": Relationship.HEAD}],  # the first person registered is the head
    )
    if not request.POST:
        formset.extra = 1
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = _member_payload(formset)
        data = {k: v for k, v in form.cleaned_data.items() if k != "village"}
        try:
            household = services.household_create(
                by=request.user,
                village=form.cleaned_data["village"],
                data=data,
                members=[d for _f, _m, d in rows],
            )
        except ServiceError as exc:
            _show_error(exc, form, rows)
        else:
            messages.success(request, _("已登记农户 %(n)s。") % {"n": household.number})
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/edit.html", {"form": form, "formset": formset, "household": None})


@login_required
def household_edit(request, pk: int):
    household = writable_household(request, pk)
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    formset = MemberFormSet(
        request.POST or None,
        queryset=household.members.current().order_by("pk"),
        prefix="members",
        form_kwargs={"user": request.user},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = _member_payload(formset)
        try:
            services.household_update(
                household=household,
                by=request.user,
                data=form.cleaned_data,
                members=[(member, data) for _f, member, data in rows],
            )
        except ServiceError as exc:
            _show_error(exc, form, rows)
        else:
            messages.success(request, _("已保存。"))
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/edit.html", {"form": form, "formset": formset, "household": household})
