from django.urls import path

from . import views

app_name = "common"

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_read"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/retry/", views.job_retry_view, name="job_retry"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
