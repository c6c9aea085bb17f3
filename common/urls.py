from django.urls import path

from . import media_views, views

app_name = "common"

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_read"),
    path("notifications/digest/", views.notifications_digest_set, name="notifications_digest"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/retry/", views.job_retry_view, name="job_retry"),
    # MEDIA_URL: every uploaded file goes through the scope check (settings.MEDIA_URL = "/media/").
    path("media/<path:path>", media_views.private_media, name="private_media"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
