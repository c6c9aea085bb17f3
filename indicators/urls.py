from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.plan_list, name="index"),
    path("recompute/", views.recompute, name="recompute"),
    path("<slug:key>/", views.plan_detail, name="plan"),
    path("<slug:key>/export.xlsx", views.plan_export, name="export"),
    path("<slug:key>/<int:order>/actual/", views.actual_entry, name="actual"),
]
