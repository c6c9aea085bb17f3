from django.urls import path

from . import application_views, views

app_name = "clues"

urlpatterns = [
    path("", views.clue_list, name="list"),
    path("dispatch/", views.clue_dispatch_selected, name="dispatch_selected"),
    path("<int:pk>/", views.clue_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.clue_act, name="act"),
    path("applications/new/", application_views.application_new, name="application_new"),
    path("applications/<int:pk>/", application_views.application_detail, name="application"),
    path("applications/<int:pk>/<str:action>/", application_views.application_act, name="application_act"),
    path("villages/<int:village_pk>/poster/", application_views.intake_poster, name="poster"),
    path("apply/<str:token>/", application_views.public_apply, name="apply"),
    path("uploads/", views.upload_list, name="uploads"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload"),
    path("uploads/<int:pk>/errors.xlsx", views.upload_errors, name="upload_errors"),
    path("templates/<str:kind>.<str:fmt>", views.template_download, name="template"),
]
