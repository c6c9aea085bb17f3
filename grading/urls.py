from django.urls import path

from . import views

app_name = "grading"

urlpatterns = [
    path("visits/", views.visits, name="visits"),
    path("coverage/", views.coverage_table, name="coverage"),
]
