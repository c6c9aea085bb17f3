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
from common.actions import submit
from common.errors import ServiceError
from common.pagination import paginate
from households.idnumbers import mask_id

from . import exports, services
from .datasets import KINDS, kinds_for
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
        if filters.cleaned_data["village"]:
            clues = clues.filter(household__village=filters.cleaned_data["village"])
        if filters.cleaned_data["source"]:
            clues = clues.filter(source=filters.cleaned_data["source"])
        if filters.cleaned_data["overdue"]:
            clues = clues.overdue()
    page = paginate(request, clues)
    full_ids = request.user.sees_full_ids()
    for clue in page.object_list:
        clue.shown_id = clue.person_id if full_ids else mask_id(clue.person_id)
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


@login_required
def clue_detail(request, pk: int):
    clue = get_visible_or_404(
        Clue.objects.select_related("household__village", "member", "case", "upload"), request.user, pk=pk
    )
    full_ids = request.user.sees_full_ids()
    context = {
        "clue": clue,
        "shown_id": clue.person_id if full_ids else mask_id(clue.person_id),
        "actions": services.allowed_actions(clue, request.user),
        "log": clue.log.select_related("by"),
        "confirm_form": ConfirmForm(
            initial={"risk_type": clue.risk_type, "disaster_subtype": clue.disaster_subtype}
        ),
        "exclude_form": ExcludeForm(),
    }
    return render(request, "clues/clue_detail.html", context)


@login_required
@require_POST
def clue_act(request, pk: int, action: str):
    clue = get_visible_or_404(Clue.objects.select_related("household__village"), request.user, pk=pk)
    try:
        if action == "dispatch":
            services.clue_dispatch(clue=clue, by=request.user)
        elif action == "start":
            services.clue_start(clue=clue, by=request.user)
        elif action == "confirm":
            form = ConfirmForm(request.POST)
            if not form.is_valid():
                raise ServiceError(_("请选择监测对象类型和风险类型。"))
            data = form.cleaned_data
            services.clue_confirm(
                clue=clue,
                by=request.user,
                category=data["category"],
                risks=[(data["risk_type"], data["disaster_subtype"])],
                note=data["note"],
            )
        elif action == "exclude":
            services.clue_exclude(clue=clue, by=request.user, reason=request.POST.get("reason", ""))
        else:
            raise Http404
        messages.success(request, _("已处理。"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("clues:detail", pk=clue.pk)


@login_required
@require_POST
def clue_dispatch_selected(request):
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
        try:
            services.clue_dispatch(clue=clue, by=request.user)
            done += 1
        except ServiceError as exc:
            messages.error(request, exc.message)
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
    full_ids = exports.shows_full_ids(request.user, upload)
    for result in page.object_list:
        result.shown_id = result.person_id if full_ids else mask_id(result.person_id)
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
