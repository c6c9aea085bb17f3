from django.urls import path

from . import views

app_name = "clues"

urlpatterns = [
    path("", views.clue_list, name="list"),
    path("dispatch/", views.clue_dispatch_selected, name="dispatch_selected"),
    path("<int:pk>/", views.clue_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.clue_act, name="act"),
    path("uploads/", views.upload_list, name="uploads"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload"),
    path("uploads/<int:pk>/errors.xlsx", views.upload_errors, name="upload_errors"),
    path("templates/<str:kind>.<str:fmt>", views.template_download, name="template"),
]
