"""The client's address behind a known number of reverse proxies.

``TRUSTED_PROXY_COUNT`` proxies (Caddy in compose: 1) each append the address they received the
request from to ``X-Forwarded-For``; the client's real address is the one the outermost trusted
proxy appended, counted from the right. Anything left of it was written by the client and is
ignored. With no trusted proxy (0, the default) the header is ignored entirely. DRF's throttles use
the same rule (``REST_FRAMEWORK["NUM_PROXIES"]``); django-axes calls :func:`client_ip`.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not count or not forwarded:
        return str(remote)
    addresses = [a.strip() for a in forwarded.split(",")]
    return str(addresses[-min(count, len(addresses))])
