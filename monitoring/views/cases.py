"""Case pages: the work queue, the list, the detail with its timeline, nomination, the notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role, user_may
from accounts.types import AuthedRequest
from common.actions import submit
from common.masking import Masker
from common.pagination import paginate
from common.policies import policy_int
from households.models import Household
from regions.models import Region

from ..actions import ACTIONS, case_actions
from ..filters import CaseFilter
from ..forms import (
    CaseFilterForm,
    NominateForm,
)
from ..hooks import case_links
from ..models import Case, CaseStep
from ..selectors import nomination_start, work_queue
from ..services import case_nominate
from ..services.procedure import township_offices

WORK_ROLES = (Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY)


def _list_rows(qs):
    return qs.select_related("household", "village").prefetch_related("risks")


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    """待办: cases in my scope at or before my step, soonest deadline first."""
    if not user_may(request.user, *WORK_ROLES):
        raise PermissionDenied
    page = paginate(request, work_queue(request.user))
    # Each batch button only for the role that may use it (the batch view checks again).
    batch_review = user_may(request.user, Role.TOWNSHIP)
    batch_decide = user_may(request.user, Role.COUNTY)
    return render(
        request,
        "monitoring/queue.html",
        {
            "page_obj": page,
            "batch": batch_review or batch_decide,
            "batch_review": batch_review,
            "batch_decide": batch_decide,
        },
    )


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    if not user_may(request.user, *REGISTER_ROLES):
        raise PermissionDenied
    form = CaseFilterForm(request.GET or None, user=request.user)
    cases = Case.objects.visible_to(request.user)
    if form.is_valid():
        cases = CaseFilter(request=request).apply(cases, form.cleaned_data)
    page = paginate(request, _list_rows(cases).order_by("-updated_at", "-pk"))
    villages = (
        Region.objects.visible_to(request.user).filter(level=Region.Level.VILLAGE).order_by("code")[:500]
    )
    return render(request, "monitoring/list.html", {"page_obj": page, "form": form, "villages": villages})


def render_detail(request: AuthedRequest, pk: int, *, bound: dict | None = None) -> HttpResponse:
    """The case page with the forms of the actions this user may take now (the services check
    again on POST). ``bound``: {action: form} re-shown after a refusal, with what was typed."""
    cases = Case.objects.select_related("household", "village", "previous_case").prefetch_related(
        "risks",
        Prefetch("steps", queryset=CaseStep.objects.select_related("by").prefetch_related("attachments")),
    )
    case = get_visible_or_404(cases, request.user, pk=pk)
    bound = bound or {}
    shown = case_actions(case, request.user)
    shown += [ACTIONS[name] for name in bound if ACTIONS[name] not in shown]
    context = {
        "case": case,
        "action_forms": [(action, bound.get(action.name) or action.bind(case=case)) for action in shown],
        "later_cases": case.later_cases.all(),
        "case_links": case_links(case, request.user),  # higher apps' links (appeals)
        "today": timezone.localdate(),
    }
    if case.in_procedure and case.step == 4:
        context["opinions_given"] = len(township_offices(case))
        context["opinions_needed"] = policy_int("township_opinions", case.village)
    return render(request, "monitoring/detail.html", context)


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return render_detail(request, pk)


@login_required
def nominate(request: AuthedRequest, household_id: int) -> HttpResponse:
    """村提名, reached from the household page."""
    household = get_visible_or_404(Household.objects.select_related("village"), request.user, pk=household_id)
    require_role(request.user, Role.VILLAGE, region=household.village)
    start = nomination_start(household)
    form = NominateForm(request.POST or None, request.FILES or None, initial=start["initial"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = submit(
            form,
            case_nominate,
            household=household,
            by=request.user,
            category=data["category"],
            risks=form.risks(),
            channel=data["channel"],
            found_on=data["found_on"],
            evidence=data["evidence"],
            attachment=data["attachment"],
        )
        if case is not None:
            messages.success(request, _("已提名，等待入户核实。"))
            return redirect(case)
    return render(request, "monitoring/nominate.html", {"form": form, "household": household, **start})


@login_required
def notice(request: AuthedRequest, village_id: int) -> HttpResponse:
    """The printable public notice of a village: head's name, 村民小组, category and dates.

    Deliberately nothing else (SPEC 9a): no ID numbers, phones, bank accounts, health conditions,
    disabilities, nor the risk types (因病, 因残 …) that would reveal them.
    """
    village = get_visible_or_404(Region.objects, request.user, pk=village_id, level=Region.Level.VILLAGE)
    cases = (
        Case.objects.visible_to(request.user)
        .in_notice()
        .filter(village=village)
        .select_related("household")
        .order_by("household__number")
    )
    rows = [
        {
            "name": c.household.head_name,
            "group": c.household.group_name,
            "category": c.get_category_display(),
            "procedure": c.get_status_display(),
            "notice_start": c.notice_start,
            "notice_end": c.notice_end,
        }
        for c in cases
    ]
    return render(
        request, "monitoring/notice.html", {"village": village, "rows": rows, "today": timezone.localdate()}
    )


@login_required
def case_file(request: AuthedRequest, pk: int) -> HttpResponse:
    """案卷: the printable record of a case, every step with who, when, decision, opinion, office,
    details and attachments. ID numbers and phones are masked for a reader who may not see them."""
    require_role(request.user, *REGISTER_ROLES)
    cases = Case.objects.select_related("household", "village", "previous_case").prefetch_related(
        "risks",
        Prefetch("steps", queryset=CaseStep.objects.select_related("by").prefetch_related("attachments")),
    )
    case = get_visible_or_404(cases, request.user, pk=pk)
    masker = Masker(request.user)
    members = [
        {"name": m.name, "relationship": m.get_relationship_display(), "id_number": masker.id(m.id_number)}
        for m in case.household.members.current().order_by("pk")
    ]
    return render(
        request,
        "monitoring/case_file.html",
        {
            "case": case,
            "members": members,
            "phone": masker.phone(case.household.phone),
            "printed_at": timezone.localtime(),
        },
    )
