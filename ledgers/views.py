import os
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from accounts.models import Role
from accounts.scope import require_role
from common.errors import ServiceError
from common.jobs import job_start
from common.pagination import paginate

from . import conf
from .forms import LedgerFilterForm
from .models import ExportLog
from .registry import LEDGERS, ledgers_for
from .services import export_filename, ledger_export
from .tasks import ledger_export_task


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
    """GET: the filter form. POST: a small ledger downloads now, a large one becomes a job."""
    ledger = LEDGERS.get(key)
    if ledger is None:
        raise Http404
    if not ledger.allowed(request.user):
        raise PermissionDenied
    form = LedgerFilterForm(
        request.POST if request.method == "POST" else None, ledger=ledger, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        filters = form.filters()
        count = ledger.rows_for(request.user, filters).count()
        if count <= conf.sync_max_rows():
            try:
                return _download_now(request, ledger, filters)
            except ServiceError as error:
                messages.error(request, error.message)
        else:
            job = job_start(
                kind="ledger_export",
                title=f"{ledger.title}（{count}行）",
                by=request.user,
                params={"ledger": ledger.key, "filters": filters.as_json()},
                total=count,
            )
            ledger_export_task.delay(job.pk)
            return redirect("common:job", pk=job.pk)
    return render(request, "ledgers/export.html", {"ledger": ledger, "form": form})


def _download_now(request, ledger, filters):
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        ledger_export(ledger=ledger, by=request.user, filters=filters, path=path)
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        # The open handle keeps the data readable; the name goes now so nothing is left behind.
        os.unlink(path)
    return FileResponse(handle, as_attachment=True, filename=export_filename(ledger))


@login_required
def export_log(request):
    require_role(request.user, Role.COUNTY)
    logs = ExportLog.objects.visible_to(request.user).select_related("user", "region")
    return render(request, "ledgers/log.html", {"page_obj": paginate(request, logs)})
