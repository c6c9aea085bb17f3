from django.urls import path

from . import views
from .actions import LOAN_ACTIONS

app_name = "microcredit"

urlpatterns = [
    path("", views.loan_list, name="loan_list"),
    path("add/", views.loan_add, name="loan_add"),
    path("<int:pk>/", views.loan_detail, name="loan"),
    *[
        path(f"<int:pk>/{verb}/", views.loan_transition, {"verb": verb}, name=f"loan_{verb}")
        for verb in LOAN_ACTIONS
    ],
]
