"""The one way to read an uploaded file: signed in, and the record holding it is in your scope.

In production (``MEDIA_X_ACCEL=1``) the response only names the file in ``X-Accel-Redirect`` and
the reverse proxy sends it from an ``internal`` location; in development Django streams it.
Images and PDFs open in the browser; anything else downloads (``Content-Disposition:
attachment``). ``nosniff`` stops a browser from guessing HTML in a file that claims to be a photo.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from accounts.types import AuthedRequest

from .media import may_read

INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


@require_GET
@login_required
def private_media(request: AuthedRequest, path: str) -> HttpResponseBase:
    if not may_read(request.user, path) or not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    filename = path.rsplit("/", 1)[-1]
    response: HttpResponseBase
    if settings.MEDIA_X_ACCEL:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_X_ACCEL_PREFIX + quote(path)
    else:
        response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if content_type != "application/pdf":  # browsers' PDF viewers refuse to run sandboxed
        # Even a file opened inline runs no script and reaches nothing.
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
