from django.urls import path

from . import import_views, views

app_name = "ledgers"

urlpatterns = [
    path("", views.index, name="index"),
    path("log/", views.export_log, name="log"),
    path("imports/", import_views.imports, name="imports"),
    path("imports/template/<str:kind>/", import_views.template, name="import_template"),
    path("imports/<int:pk>/", import_views.run_detail, name="import_run"),
    path("imports/<int:pk>/commit/", import_views.run_commit, name="import_commit"),
    path("imports/<int:pk>/errors/", import_views.run_errors, name="import_errors"),
    path("clue-results/<int:pk>/", views.clue_results, name="clue_results"),
    path("<str:key>/", views.export, name="export"),
]
