from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role
from accounts.types import AuthedRequest
from common.actions import run, submit
from common.masking import Masker, shown_id
from common.pagination import paginate
from common.workflow import attempt

from . import exports, services
from .actions import CLUE_ACTIONS
from .datasets import KINDS, kinds_for
from .filters import ClueFilter
from .forms import ClueFilterForm, ConfirmForm, ExcludeForm, UploadForm
from .models import Clue, DepartmentUpload, MatchResult
from .uploads import upload_create

S = Clue.Status
TABS = {
    "dispatch": (gettext_lazy("待分派"), (S.NEW,)),
    "verify": (gettext_lazy("待核验"), (S.DISPATCHED, S.VERIFYING)),
    "confirmed": (gettext_lazy("已确认"), (S.CONFIRMED,)),
    "excluded": (gettext_lazy("已排除"), (S.EXCLUDED,)),
    "all": (gettext_lazy("全部"), tuple(S.values)),
}


def default_tab(user) -> str:
    if user.has_role(Role.TOWNSHIP) and not user.has_role(Role.VILLAGE):
        return "dispatch"
    return "verify" if user.has_role(Role.VILLAGE) else "all"


@login_required
def clue_list(request):
    """Township: the clues to dispatch; village: the clues to verify; county: everything in scope."""
    require_role(request.user, *REGISTER_ROLES)
    tab = request.GET.get("tab") or default_tab(request.user)
    if tab not in TABS:
        tab = "all"
    clues = (
        Clue.objects.visible_to(request.user)
        .filter(status__in=TABS[tab][1])
        .select_related("household__village", "member")
        .order_by("dispatch_due" if tab == "dispatch" else "-created_at", "pk")
    )
    filters = ClueFilterForm(request.GET, user=request.user)
    if filters.is_valid():
        clues = ClueFilter(request=request).apply(clues, filters.cleaned_data)
    page = paginate(request, clues)
    masker = Masker(request.user)
    for clue in page.object_list:
        clue.shown_id = masker.id(clue.person_id)
    may_dispatch = tab == "dispatch" and request.user.has_role(Role.TOWNSHIP)
    return render(
        request,
        "clues/clue_list.html",
        {
            "page_obj": page,
            "tab": tab,
            "tabs": [(k, v[0]) for k, v in TABS.items()],
            "filters": filters,
            "may_dispatch": may_dispatch,
        },
    )


def render_clue(request: AuthedRequest, pk: int, *, bound: dict | None = None) -> HttpResponse:
    """The clue page with the buttons and forms of the actions this user may take now.
    ``bound``: {action: form} shown again after a refusal, with what was typed."""
    clue = get_visible_or_404(
        Clue.objects.select_related("household__village", "member", "case", "upload"), request.user, pk=pk
    )
    bound = bound or {}
    context = {
        "clue": clue,
        "shown_id": shown_id(clue.person_id, request.user),
        "actions": services.allowed_actions(clue, request.user),
        "log": clue.log.select_related("by"),
        "confirm_form": bound.get("confirm")
        or ConfirmForm(initial={"risk_type": clue.risk_type, "disaster_subtype": clue.disaster_subtype}),
        "exclude_form": bound.get("exclude") or ExcludeForm(),
    }
    return render(request, "clues/clue_detail.html", context)


@login_required
def clue_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return render_clue(request, pk)


@login_required
@require_POST
def clue_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    spec = CLUE_ACTIONS.get(action)
    if spec is None:
        raise Http404
    clue = get_visible_or_404(Clue.objects.select_related("household__village"), request.user, pk=pk)
    if spec.form is None:
        if run(request, spec.service, clue=clue, by=request.user) is not None:
            messages.success(request, spec.done)
        return redirect("clues:detail", pk=clue.pk)
    form = spec.form(request.POST)
    if form.is_valid():
        arguments = spec.arguments(form.cleaned_data)
        if submit(form, spec.service, clue=clue, by=request.user, **arguments) is not None:
            messages.success(request, spec.done)
            return redirect("clues:detail", pk=clue.pk)
    return render_clue(request, pk, bound={spec.name: form})


@login_required
@require_POST
def clue_dispatch_selected(request: AuthedRequest) -> HttpResponse:
    """The township dispatches the ticked clues of its list in one go."""
    require_role(request.user, Role.TOWNSHIP)
    ids = [int(i) for i in request.POST.getlist("clue") if i.isdigit()]
    clues = (
        Clue.objects.visible_to(request.user)
        .filter(pk__in=ids, status=S.NEW)
        .select_related("household__village")
    )
    done = 0
    for clue in clues:
        refusal = attempt(services.clue_dispatch, clue=clue, by=request.user)
        if refusal is None:
            done += 1
        else:
            messages.error(request, refusal)
    messages.success(request, _("已分派%d条线索。") % done)
    return redirect(reverse("clues:list") + "?tab=dispatch")


@login_required
def upload_list(request):
    require_role(request.user, Role.DEPARTMENT, Role.COUNTY)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = request.FILES["file"]
        created = submit(
            form,
            upload_create,
            route=lambda exc: (form, exc.field or "file"),  # a file we cannot read: said under the file
            by=request.user,
            kind=form.cleaned_data["kind"],
            fileobj=upload,
            name=upload.name,
        )
        if created is not None:
            messages.success(request, _("文件已接收，正在校验和比对。"))
            return redirect("clues:upload", pk=created.pk)
    uploads = DepartmentUpload.objects.visible_to(request.user).select_related("uploaded_by")
    return render(
        request,
        "clues/upload_list.html",
        {"form": form, "page_obj": paginate(request, uploads), "kinds": kinds_for(request.user)},
    )


def visible_upload(request, pk: int) -> DepartmentUpload:
    require_role(request.user, Role.DEPARTMENT, Role.COUNTY)
    return get_visible_or_404(
        DepartmentUpload.objects.select_related("uploaded_by", "job"), request.user, pk=pk
    )


@login_required
def upload_detail(request, pk: int):
    upload = visible_upload(request, pk)
    outcome = request.GET.get("outcome", MatchResult.Outcome.CLUE)
    if outcome not in MatchResult.Outcome.values:
        outcome = MatchResult.Outcome.CLUE
    results = MatchResult.objects.filter(upload=upload, outcome=outcome).order_by("row_number", "pk")
    page = paginate(request, results)
    masker = Masker(full=exports.shows_full_ids(request.user, upload))
    for result in page.object_list:
        result.shown_id = masker.id(result.person_id)
    outcomes = [(value, label, upload.counts.get(value, 0)) for value, label in MatchResult.Outcome.choices]
    return render(
        request,
        "clues/upload_detail.html",
        {"upload": upload, "page_obj": page, "outcome": outcome, "outcomes": outcomes},
    )


@login_required
def upload_errors(request, pk: int):
    upload = visible_upload(request, pk)
    if not upload.error_report:
        raise Http404
    return FileResponse(
        upload.error_report.open("rb"), as_attachment=True, filename=f"错误报告_{upload.pk}.xlsx"
    )


@login_required
def template_download(request, kind: str, fmt: str):
    require_role(request.user, Role.DEPARTMENT, Role.COUNTY)
    if kind not in KINDS or fmt not in ("csv", "xlsx"):
        raise Http404
    dataset = KINDS[kind]
    if fmt == "csv":
        content, mime = exports.template_csv(dataset), "text/csv; charset=utf-8"
    else:
        content, mime = (
            exports.template_xlsx(dataset),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{kind}.{fmt}"
    return response
