from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from accounts.models import Role
from accounts.scope import require_role
from clues.models import DepartmentUpload
from clues.views import visible_upload
from common.actions import run, submit
from common.downloads import mark_download
from common.models import Job
from common.pagination import paginate

from .forms import LedgerFilterForm
from .models import ExportLog
from .registry import LEDGERS, ledgers_for
from .services import Download, export_start


def answer(request, started: Download | Job) -> HttpResponseBase:
    """What ``export_start`` decided: the file now, or the job's page (progress, then the file)."""
    if isinstance(started, Job):
        return redirect("common:job", pk=started.pk)
    return mark_download(request, FileResponse(started.file, as_attachment=True, filename=started.filename))


@login_required
def index(request):
    ledgers = ledgers_for(request.user)
    if not ledgers:
        raise PermissionDenied
    return render(
        request,
        "ledgers/index.html",
        {"ledgers": ledgers, "may_see_log": request.user.has_role(Role.COUNTY) or request.user.is_superuser},
    )


@login_required
def export(request, key: str):
    """GET: the filter form. POST: ``export_start`` sends a small ledger now, a large one as a job."""
    ledger = LEDGERS.get(key)
    if ledger is None:
        raise Http404
    if not ledger.allowed(request.user):
        raise PermissionDenied
    form = LedgerFilterForm(
        request.POST if request.method == "POST" else None, ledger=ledger, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        params = {"ledger": ledger.key, "filters": form.filters().as_json()}
        started = submit(form, export_start, kind="ledger_export", by=request.user, params=params)
        if started is not None:
            return answer(request, started)
    return render(request, "ledgers/export.html", {"ledger": ledger, "form": form})


@login_required
def clue_results(request, pk: int):
    """A department upload's match results. Served here because every export starts in
    ``export_start`` and clues sits below ledgers (the kind is registered in definitions/clues)."""
    upload = visible_upload(request, pk)
    if upload.status != DepartmentUpload.Status.DONE:
        raise Http404
    started = run(request, export_start, kind="clues.results", by=request.user, params={"upload": upload.pk})
    return answer(request, started) if started is not None else redirect("clues:upload", pk=upload.pk)


@login_required
def export_log(request):
    require_role(request.user, Role.COUNTY)
    logs = ExportLog.objects.visible_to(request.user).select_related("user", "region", "job")
    page = paginate(request, logs)
    for log in page:
        log.download = log.download_for(request.user)
    return render(request, "ledgers/log.html", {"page_obj": page})
