from django.urls import path

from . import views
from .actions import APPEAL_ACTIONS

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("add/<int:case_pk>/", views.appeal_add, name="add"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    *[
        path(f"<int:pk>/{verb}/", views.appeal_transition, {"verb": verb}, name=f"act_{verb}")
        for verb in APPEAL_ACTIONS
    ],
]
