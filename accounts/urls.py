from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change.html", success_url="/"),
        name="password_change",
    ),
    path("api-token/", views.api_token, name="api_token"),
    path("api-token/issue/", views.api_token_issue, name="api_token_issue"),
    path("api-token/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/<int:pk>/lift/", views.lockout_lift_view, name="lockout_lift"),
]
