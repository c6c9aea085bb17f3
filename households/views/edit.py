"""Register or edit a household with its members in one form (phone first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import require_role
from common.actions import Route, submit
from common.errors import ServiceError

from .. import services
from ..choices import Relationship
from ..forms import HouseholdForm, MemberFormSet
from ..models import Member
from ._access import writable_household


def _member_payload(formset):
    """(form, member or None, data) for each form that holds a member; blank extra forms skipped."""
    rows = []
    for form in formset.forms:
        existing = form.instance if form.instance.pk else None
        if existing or form.has_changed():
            rows.append((form, existing, form.cleaned_data))
    return rows


def _member_route(household_form, rows) -> Route:
    """``members.<i>.<field>`` names the i-th member *sent to the service* (blank extra forms are
    skipped, so not the i-th form of the formset); a bare relationship or ID error is about the
    first member; anything else goes to the household form."""

    def route(exc: ServiceError):
        if exc.field and exc.field.startswith("members."):
            _prefix, index, field = (exc.field.split(".", 2) + ["", ""])[:3]
            if index.isdigit() and int(index) < len(rows):
                return rows[int(index)][0], field
        if exc.field in ("relationship", "id_number") and rows:
            return rows[0][0], exc.field
        return household_form, exc.field

    return route


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
    # Both validated in one submit, so every error shows at once.
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        rows = _member_payload(formset)
        data = {k: v for k, v in form.cleaned_data.items() if k != "village"}
        household = submit(
            form,
            services.household_create,
            route=_member_route(form, rows),
            by=request.user,
            village=form.cleaned_data["village"],
            data=data,
            members=[d for _f, _m, d in rows],
        )
        if household is not None:
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
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        rows = _member_payload(formset)
        saved = submit(
            form,
            services.household_update,
            route=_member_route(form, rows),
            household=household,
            by=request.user,
            data=form.cleaned_data,
            members=[(member, data) for _f, member, data in rows],
        )
        if saved is not None:
            messages.success(request, _("已保存。"))
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/edit.html", {"form": form, "formset": formset, "household": household})
