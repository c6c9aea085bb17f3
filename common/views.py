from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.types import AuthedRequest

from .actions import run
from .jobs import job_retry
from .models import Job, Notification
from .pagination import paginate


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every page that names no icon (admin, API docs)."""
    return redirect(static("favicon.ico"), permanent=True)


def _broker_ok() -> bool:
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1)
    return True


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness for load balancers and compose: the database answers, the broker when set, and
    the page layout renders."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.CELERY_BROKER_URL:
        try:
            _broker_ok()
            checks["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["broker"] = f"error: {exc.__class__.__name__}"
    try:
        # The page layout every page extends, with its static manifest lookups: with DEBUG off a
        # missing manifest entry or a broken template fails every page, so it fails here too.
        render_to_string("base.html", {}, request)
        checks["pages"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["pages"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, Notification.objects.for_user(request.user))
    return render(request, "common/notifications.html", {"page_obj": page})


@require_POST
@login_required
def notifications_mark_read(request: AuthedRequest) -> HttpResponse:
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return redirect("common:notifications")


@require_POST
@login_required
def notifications_digest_set(request: AuthedRequest) -> HttpResponse:
    """The user's own choice: e-mails one by one, or one daily digest (NOTIFY_BY_EMAIL)."""
    request.user.notify_digest = request.POST.get("digest") == "1"
    request.user.save(update_fields=["notify_digest"])
    return redirect("common:notifications")


@login_required
def job_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The job's progress; the page polls itself through htmx until the job ends."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    template = "common/job_progress.html" if request.headers.get("HX-Request") else "common/job.html"
    return render(request, template, {"job": job})


@require_POST
@login_required
def job_retry_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """重试: a failed job's task is sent again through the service."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    run(request, job_retry, job=job, by=request.user)
    return redirect("common:job", pk=job.pk)


@login_required
def job_download(request: AuthedRequest, pk: int) -> FileResponse:
    """Result files are private: served through this check, never from a public media URL."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk, status=Job.Status.DONE)
    if not job.result:
        raise Http404
    return FileResponse(
        job.result.open("rb"), as_attachment=True, filename=(job.result.name or "").rsplit("/", 1)[-1]
    )
