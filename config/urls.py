from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from common import views as common_views

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("favicon.ico", common_views.favicon),
    path("accounts/", include("accounts.urls")),
    path("policies/", include("common.policy_urls")),
    path("", include("common.urls")),
    path("households/", include("households.urls")),
    path("cases/", include("monitoring.urls")),
    path("assistance/", include("assistance.urls")),
    path("clues/", include("clues.urls")),
    path("assets/", include("assets.urls")),
    path("indicators/", include("indicators.urls")),
    path("ledgers/", include("ledgers.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
