"""The plan of one case (its measures, contacts, warnings) and the contact's "my cases"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import get_visible_or_404, require_role
from common.actions import run, submit
from monitoring.models import Case

from .. import services
from ..forms import ContactForm
from ..models import CaseContact, Measure
from ..selectors import case_plan


@login_required
def case_detail(request, case_pk: int):
    case = get_visible_or_404(Case.objects.select_related("household", "village"), request.user, pk=case_pk)
    return render(request, "assistance/case_page.html", {"case": case, "plan": case_plan(case, request.user)})


@login_required
def contact_add(request, case_pk: int):
    case = get_visible_or_404(Case.objects.select_related("household", "village"), request.user, pk=case_pk)
    require_role(request.user, Role.VILLAGE, region=case.village)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if submit(form, services.contact_assign, case=case, by=request.user, **form.cleaned_data):
            messages.success(request, _("已安排帮扶责任人。"))
            return redirect("assistance:case", case_pk=case.pk)
    return render(request, "assistance/contact_form.html", {"form": form, "case": case})


@require_POST
@login_required
def contact_end(request, pk: int):
    assignment = get_visible_or_404(CaseContact.objects.select_related("case__village"), request.user, pk=pk)
    require_role(request.user, Role.VILLAGE, region=assignment.case.village)
    if run(request, services.contact_end, assignment=assignment, by=request.user):
        messages.success(request, _("已结束该帮扶责任人安排。"))
    return redirect("assistance:case", case_pk=assignment.case_id)


@login_required
def my_cases(request):
    """Cases the signed-in user currently helps as 帮扶责任人.

    Access here comes from the assignment itself, not from a region role: a contact is often a
    cadre of a county unit with no register role. The page shows only what helping needs (the
    household, its village, the plan), never ID numbers.
    """
    assignments = (
        CaseContact.objects.current()
        .filter(contact__user=request.user)
        .select_related("case__household", "case__village", "contact")
        .prefetch_related(
            Prefetch(
                "case__measures",
                queryset=Measure.objects.select_related("category").exclude(status=Measure.Status.CANCELLED),
            )
        )
        .order_by("case__village__code", "case__household__number")
    )
    return render(request, "assistance/my_cases.html", {"assignments": assignments})
