"""The busy state of download buttons (issue 17): a page cannot see when a file download ends.

A form or link marked ``data-busy`` sends a random ``download_token``; the response that carries the
file sets the cookie ``sx_download`` to that token, and the script restores the button when the
cookie appears. A job's page replaces the form's page anyway, so only file answers are marked.
"""

import re

from django.http import HttpRequest
from django.http.response import HttpResponseBase

COOKIE = "sx_download"
_TOKEN = re.compile(r"[A-Za-z0-9]{8,40}")


def mark_download(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Tell the waiting page that its file is on the way (only a well-formed token is echoed)."""
    token = request.POST.get("download_token") or request.GET.get("download_token") or ""
    if _TOKEN.fullmatch(token):
        # Readable by the page's script on purpose; it holds nothing but the random token.
        response.set_cookie(COOKIE, token, max_age=300, samesite="Strict", httponly=False)  # noqa: S106
    return response
