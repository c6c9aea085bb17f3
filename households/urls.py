from django.urls import path

from . import views
from .views import villages

app_name = "households"

urlpatterns = [
    path("", views.household_list, name="list"),
    path("new/", views.household_create, name="create"),
    path("lines/", views.line_list, name="lines"),
    path("former-poor-villages/", villages.former_poor_villages, name="former_poor_villages"),
    path("former-poor-villages/<str:code>/", villages.former_poor_village_save, name="former_poor_village"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("duplicates/find/", views.duplicate_find, name="duplicates_find"),
    path("duplicates/<int:pk>/", views.duplicate_detail, name="duplicate"),
    path("duplicates/<int:pk>/<str:action>/", views.duplicate_resolve, name="duplicate_resolve"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/edit/", views.household_edit, name="edit"),
    path("<int:pk>/visit/", views.visit_create, name="visit"),
    path("<int:pk>/income/", views.income_create, name="income"),
    path("<int:pk>/flags/", views.flag_add, name="flag_add"),
    path("<int:pk>/flags/<int:flag_pk>/end/", views.flag_close, name="flag_end"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove_view, name="member_remove"),
    path("<int:pk>/members/<int:member_pk>/transfer/", views.member_transfer_view, name="member_transfer"),
]
