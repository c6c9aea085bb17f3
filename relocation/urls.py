from django.urls import path

from . import views

app_name = "relocation"

urlpatterns = [
    path("", views.site_list, name="site_list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("add/", views.site_edit, name="site_add"),
    path("link-from-flags/", views.link_from_flags, name="link_from_flags"),
    path("<int:pk>/", views.site_detail, name="site"),
    path("<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("<int:pk>/link/", views.site_link, name="site_link"),
]
