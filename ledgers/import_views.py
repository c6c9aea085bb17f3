from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from common.actions import run as run_service
from common.actions import submit
from common.pagination import paginate

from .import_services import import_queue_commit, import_start
from .imports import IMPORT_KINDS, kinds_for
from .models import ImportRun


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入类型"))
    # Empty files reach import_start, which explains what to upload instead.
    file = forms.FileField(label=_("Excel 文件（.xlsx）"), allow_empty_file=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds_for(user)]  # type: ignore[attr-defined]  # a ChoiceField


def _require_importer(user):
    if not kinds_for(user):
        raise PermissionDenied


@login_required
def imports(request):
    _require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        run = submit(
            form,
            import_start,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            by=request.user,
        )
        if run is not None:
            return redirect("ledgers:import_run", pk=run.pk)
    runs = ImportRun.objects.visible_to(request.user)
    return render(
        request,
        "ledgers/imports.html",
        {"form": form, "kinds": kinds_for(request.user), "page_obj": paginate(request, runs)},
    )


@login_required
def template(request, kind: str):
    """An empty workbook with the kind's header row, to fill in."""
    import io

    import xlsxwriter

    spec = IMPORT_KINDS.get(kind)
    if spec is None:
        raise Http404
    if not spec.allowed(request.user):
        raise PermissionDenied
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = workbook.add_worksheet(str(spec.label)[:31])
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required = set(spec.required)
    for c, header in enumerate(spec.headers()):
        # Every column as text: ID numbers typed in keep all 18 characters.
        ws.set_column(c, c, 22 if "证件" in header else 12, text)
        ws.write_string(0, c, header + ("*" if header in required else ""), bold)
    ws.freeze_panes(1, 0)
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{kind}_template.xlsx"
    return response


@login_required
def run_detail(request, pk: int):
    run = get_object_or_404(ImportRun.objects.visible_to(request.user), pk=pk)
    template_name = (
        "ledgers/import_status.html" if request.headers.get("HX-Request") else "ledgers/import_run.html"
    )
    return render(request, template_name, {"run": run, "spec": IMPORT_KINDS.get(run.kind)})


@require_POST
@login_required
def run_commit(request, pk: int):
    run = get_object_or_404(ImportRun.objects.visible_to(request.user), pk=pk)
    run_service(request, import_queue_commit, run=run, by=request.user)
    return redirect("ledgers:import_run", pk=run.pk)


@login_required
def run_errors(request, pk: int):
    run = get_object_or_404(ImportRun.objects.visible_to(request.user), pk=pk)
    if not run.errors_file:
        raise Http404
    return FileResponse(
        run.errors_file.open("rb"), as_attachment=True, filename=f"导入错误报告_{run.pk}.xlsx"
    )
