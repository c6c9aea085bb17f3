from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Per token (each token is one client system); session users by user id. Rate in
    ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]``."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None  # anonymous calls are throttled by AnonRateThrottle
        key = getattr(request.auth, "key", None)
        ident = f"token:{key}" if key else f"user:{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
