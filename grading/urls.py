from django.urls import path

from . import alert_views, plan_views, views

app_name = "grading"

urlpatterns = [
    path("visits/", views.visits, name="visits"),
    path("coverage/", views.coverage_table, name="coverage"),
    path("plan/", plan_views.visit_plan, name="plan"),
    path("alerts/", alert_views.alert_list, name="alerts"),
    path("alerts/<int:pk>/", alert_views.alert_detail, name="alert"),
    path("alerts/<int:pk>/note/", alert_views.alert_note, name="alert_note"),
    *[
        path(f"alerts/<int:pk>/{verb}/", alert_views.alert_transition, {"verb": verb}, name=f"alert_{verb}")
        for verb in ("acknowledge", "close")
    ],
]
