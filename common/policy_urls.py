from django.urls import path

from . import policy_views

app_name = "policies"

urlpatterns = [
    path("", policy_views.policy_index, name="index"),
    path("<str:code>/", policy_views.policy_list, name="list"),
    path("<str:code>/update/", policy_views.policy_update, name="update"),
]
