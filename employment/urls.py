from django.urls import path

from . import views
from .actions import APPOINTMENT_ACTIONS

app_name = "employment"

urlpatterns = [
    path("", views.record_list, name="records"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", views.follow_up_detail, name="follow_up"),
    path("posts/", views.post_list, name="posts"),
    path("posts/add/", views.post_add, name="post_add"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/propose/", views.appointment_propose, name="propose"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    *[
        path(
            f"appointments/<int:pk>/{verb}/",
            views.appointment_transition,
            {"verb": verb},
            name=f"appointment_{verb}",
        )
        for verb in APPOINTMENT_ACTIONS
    ],
    path("appointments/<int:pk>/attendance/", views.attendance_add, name="attendance_add"),
    path("attendance/<int:pk>/pay/", views.subsidy_pay, name="subsidy_pay"),
]
