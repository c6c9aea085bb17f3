"""``POST /api/v1/auth/token/``: username and password in, the user's token out.

One token per user (DRF authtoken). The user reissues or revokes it on the 接口令牌 page
(``accounts.views.api_token``); an administrator revokes it by deleting it in the admin
(认证令牌). After a revocation the same call issues a new one.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.tokens import token_get_or_issue
from common.errors import ServiceError


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"), max_length=150)
    password = serializers.CharField(label=_("密码"), max_length=128, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(label=_("令牌"))


class ObtainTokenView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    # Password guessing is throttled per client address.
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer}, tags=["auth"])
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Django's own request, not DRF's wrapper: django-axes marks a lockout on it, and its
        # middleware answers the lockout (config.errors.lockout) instead of this response.
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            raise ServiceError(_("用户名或密码错误，或账号已停用。"), code="bad_credentials")
        return Response({"token": token_get_or_issue(user).key})
