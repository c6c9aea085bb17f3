"""The 接口令牌 page: a user sees whether they hold an API token, issues, reissues or revokes it.

The full key is shown once, right after it is issued (kept in the session for the one redirect);
afterwards only its last four characters are."""

from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from .lockouts import lockout_lift, lockouts_visible_to
from .models import Role
from .tokens import token_reissue, token_revoke
from .types import AuthedRequest

SHOW_ONCE = "api_token_issued"


@login_required
def api_token(request: AuthedRequest) -> HttpResponse:
    token = Token.objects.filter(user=request.user).first()
    issued = request.session.pop(SHOW_ONCE, None)
    context = {
        "token": token,
        "issued_key": issued if token and issued == token.key else None,
        "tail": token.key[-4:] if token else "",
    }
    return render(request, "accounts/api_token.html", context)


@login_required
@require_POST
def api_token_issue(request: AuthedRequest) -> HttpResponse:
    request.session[SHOW_ONCE] = token_reissue(request.user).key
    return redirect("accounts:api_token")


@login_required
@require_POST
def api_token_revoke(request: AuthedRequest) -> HttpResponse:
    if token_revoke(request.user):
        messages.success(request, _("接口令牌已吊销，使用它的系统将无法再访问。"))
    return redirect("accounts:api_token")


@login_required
def lockouts(request: AuthedRequest) -> HttpResponse:
    """登录锁定: the lockouts a county user (or superuser) may lift."""
    if not (request.user.is_superuser or request.user.has_role(Role.COUNTY)):
        raise PermissionDenied
    return render(request, "accounts/lockouts.html", {"lockouts": lockouts_visible_to(request.user)})


@login_required
@require_POST
def lockout_lift_view(request: AuthedRequest, pk: int) -> HttpResponse:
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    lockout_lift(attempt=attempt, by=request.user)
    messages.success(request, _("已解除 %(user)s 的登录锁定。") % {"user": attempt.username})
    return redirect("accounts:lockouts")
