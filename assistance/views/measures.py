"""Measure pages: the scoped list with filters, add/edit on a phone, detail with history, transitions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role, user_may
from common.actions import submit
from common.pagination import paginate
from monitoring.models import Case

from .. import services
from ..actions import MEASURE_ACTIONS
from ..filters import MeasureFilter
from ..forms import CancelForm, MeasureFilterForm, MeasureForm, TransitionForm
from ..models import Measure, MeasureCategory
from ..rules import suggestions_for_case


@login_required
def measure_list(request):
    require_role(request.user, *REGISTER_ROLES)
    measures = Measure.objects.visible_to(request.user).select_related(
        "case__household", "case__village", "category", "member"
    )
    form = MeasureFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        measures = MeasureFilter(request=request).apply(measures, form.cleaned_data)
    page = paginate(request, measures.order_by("-updated_at", "-id"))
    return render(
        request,
        "assistance/measure_list.html",
        {"page_obj": page, "form": form, "today": timezone.localdate()},
    )


@login_required
def measure_add(request, case_pk: int):
    case = get_visible_or_404(Case.objects.select_related("household", "village"), request.user, pk=case_pk)
    require_role(request.user, Role.VILLAGE, region=case.village)
    initial = {}
    if code := request.GET.get("category"):
        initial["category"] = MeasureCategory.objects.filter(code=code, active=True).first()
    form = MeasureForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        measure = submit(form, services.measure_create, case=case, by=request.user, **form.cleaned_data)
        if measure is not None:
            messages.success(request, _("已添加帮扶措施：%s") % measure.category.name)
            return redirect("assistance:case", case_pk=case.pk)
    return render(
        request,
        "assistance/measure_form.html",
        {"form": form, "case": case, "suggestions": suggestions_for_case(case)},
    )


@login_required
def measure_edit(request, pk: int):
    measure = get_visible_or_404(
        Measure.objects.select_related("case__household", "case__village"), request.user, pk=pk
    )
    require_role(request.user, Role.VILLAGE, region=measure.case.village)
    form = MeasureForm(request.POST or None, case=measure.case, instance=measure)
    if request.method == "POST" and form.is_valid():
        fresh = Measure.objects.get(pk=pk)
        if submit(form, services.measure_update, measure=fresh, by=request.user, **form.cleaned_data):
            messages.success(request, _("已保存。"))
            return redirect("assistance:measure", pk=pk)
    return render(
        request, "assistance/measure_form.html", {"form": form, "case": measure.case, "measure": measure}
    )


def history_rows(records) -> list[dict]:
    """Each history record with the fields it changed against the one before (no extra queries)."""
    records = list(records)
    rows = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                field = newer.instance_type._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": shown_value(field, change.old),
                        "new": shown_value(field, change.new),
                    }
                )
        rows.append({"record": newer, "changes": changes})
    return rows


def shown_value(field, value):
    """A changed value as people read it: 是/否 for yes-no fields, the label of a choice."""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    choices = dict(field.flatchoices) if field.choices else {}
    return choices.get(value, value)


def render_measure(request: HttpRequest, pk: int, *, bound: dict | None = None) -> HttpResponse:
    """The measure page; ``bound``: {action: form} shown again after a refusal, as typed."""
    measure = get_visible_or_404(
        Measure.objects.select_related(
            "case__household", "case__village", "category", "member", "created_by"
        ),
        request.user,
        pk=pk,
    )
    bound = bound or {}
    records = measure.history.select_related("history_user").order_by("-history_date", "-history_id")
    can_edit = measure.case.status in Case.OPEN_STATUSES and user_may(
        request.user, Role.VILLAGE, region=measure.case.village
    )
    transition_form = bound.get("start") or bound.get("complete")
    return render(
        request,
        "assistance/measure_detail.html",
        {
            "measure": measure,
            "history": history_rows(records),
            "can_edit": can_edit,
            "transition_form": transition_form
            or TransitionForm(initial={"on": timezone.localdate(), "effect": measure.effect}),
            "cancel_form": bound.get("cancel") or CancelForm(),
        },
    )


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_measure(request, pk)


@require_POST
@login_required
def measure_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    spec = MEASURE_ACTIONS.get(verb)
    if spec is None:
        raise Http404
    measure = get_visible_or_404(Measure.objects.select_related("case__village"), request.user, pk=pk)
    require_role(request.user, Role.VILLAGE, region=measure.case.village)
    form = spec.form(request.POST)
    if form.is_valid():
        arguments = spec.arguments(form.cleaned_data)
        if submit(form, spec.service, measure=measure, by=request.user, **arguments) is not None:
            messages.success(request, _("措施状态已更新为“%s”。") % measure.get_status_display())
            return redirect("assistance:measure", pk=pk)
    return render_measure(request, pk, bound={verb: form})
