"""小额信贷 pages: the scoped list with filters, registration by the village, the loan page with its
schedule, repayments, extensions, actions and history."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role, user_may
from assistance.views.measures import history_rows
from common.actions import submit
from common.masking import Masker
from common.pagination import paginate
from common.workflow import allowed_actions

from . import services
from .actions import LOAN_ACTIONS
from .filters import LoanFilter
from .forms import LoanFilterForm, LoanForm
from .models import Loan


@login_required
def loan_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    loans = Loan.objects.visible_to(request.user).select_related("household__village", "borrower")
    form = LoanFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        loans = LoanFilter(request=request).apply(loans, form.cleaned_data)
    page = paginate(request, loans.order_by("-applied_on", "-id"))
    today = timezone.localdate()
    for loan in page:
        loan.overdue_days = (today - loan.overdue_since).days if loan.overdue_since else 0
    return render(
        request,
        "microcredit/loan_list.html",
        {"page_obj": page, "form": form, "can_add": user_may(request.user, Role.VILLAGE)},
    )


@login_required
def loan_add(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.VILLAGE)
    initial = {"applied_on": timezone.localdate()}
    form = LoanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        loan = submit(form, services.loan_register, by=request.user, **form.cleaned_data)
        if loan is not None:
            messages.success(request, _("已登记小额信贷，发放后请登记发放日期。"))
            return redirect("microcredit:loan", pk=loan.pk)
    return render(request, "microcredit/loan_form.html", {"form": form})


def render_loan(request: HttpRequest, pk: int, *, bound: dict[str, Any] | None = None) -> HttpResponse:
    loan = get_visible_or_404(
        Loan.objects.select_related("household__village", "borrower", "created_by"), request.user, pk=pk
    )
    bound = bound or {}
    names = list(dict.fromkeys([*allowed_actions(loan, request.user), *bound]))
    actions = [
        {"spec": LOAN_ACTIONS[name], "form": bound.get(name) or LOAN_ACTIONS[name].form()} for name in names
    ]
    records = loan.history.select_related("history_user").order_by("-history_date", "-history_id")
    today = timezone.localdate()
    return render(
        request,
        "microcredit/loan_detail.html",
        {
            "loan": loan,
            "borrower_id": Masker(request.user).id(loan.borrower.id_number),
            "overdue_days": (today - loan.overdue_since).days if loan.overdue_since else 0,
            "instalments": loan.instalments.all(),
            "repayments": loan.repayments.select_related("created_by"),
            "extensions": loan.extensions.select_related("created_by"),
            "actions": actions,
            "history": history_rows(records),
            "today": today,
        },
    )


@login_required
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    return render_loan(request, pk)


@require_POST
@login_required
def loan_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    spec = LOAN_ACTIONS.get(verb)
    if spec is None:
        raise Http404
    require_role(request.user, *REGISTER_ROLES)
    loan = get_visible_or_404(Loan.objects.select_related("household__village"), request.user, pk=pk)
    form = spec.form(request.POST)
    if form.is_valid():
        if submit(form, spec.service, loan=loan, by=request.user, **form.cleaned_data):
            messages.success(request, _("贷款状态：%s。") % loan.get_status_display())
            return redirect("microcredit:loan", pk=pk)
    return render_loan(request, pk, bound={verb: form})
