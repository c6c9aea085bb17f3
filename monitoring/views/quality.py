"""The on-demand data-quality page: every check over the user's scope, with links."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.scope import user_may
from accounts.types import AuthedRequest

from ..quality import SAMPLE, findings_for


@login_required
def quality(request: AuthedRequest) -> HttpResponse:
    if not user_may(request.user, Role.TOWNSHIP, Role.COUNTY):
        raise PermissionDenied
    return render(
        request, "monitoring/quality.html", {"checks": findings_for(request.user), "sample": SAMPLE}
    )
