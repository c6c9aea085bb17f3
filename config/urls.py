from django.contrib import admin
from django.urls import include, path

from common import views as common_views
from indicators import views as indicators_views

urlpatterns = [
    path("", indicators_views.home, name="home"),
    path("dashboard/", indicators_views.dashboard, name="dashboard"),
    path("healthz", common_views.healthz, name="healthz"),
    path("favicon.ico", common_views.favicon),
    path("accounts/", include("accounts.urls")),
    path("policies/", include("common.policy_urls")),
    path("", include("common.urls")),
    path("households/", include("households.urls")),
    path("cases/", include("monitoring.urls")),
    path("assistance/", include("assistance.urls")),
    path("appeals/", include("appeals.urls")),
    path("employment/", include("employment.urls")),
    path("microcredit/", include("microcredit.urls")),
    path("relocation/", include("relocation.urls")),
    path("clues/", include("clues.urls")),
    path("grading/", include("grading.urls")),
    path("assets/", include("assets.urls")),
    path("indicators/", include("indicators.urls")),
    path("ledgers/", include("ledgers.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

# No static() route for MEDIA_URL, even with DEBUG: uploads are private and go through
# common.media_views.private_media, which checks the record's scope.

# Chinese pages for people, the API's JSON body under /api/ (config/errors.py).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
