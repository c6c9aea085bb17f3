from django.urls import path

from .views import actions, cases, quality, reviews

app_name = "monitoring"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("queue/", cases.queue, name="queue"),
    path("batch/", actions.batch, name="batch"),
    path("nominate/<int:household_id>/", cases.nominate, name="nominate"),
    path("notice/<int:village_id>/", cases.notice, name="notice"),
    path("<int:pk>/", cases.detail, name="detail"),
    path("<int:pk>/case-file/", cases.case_file, name="case_file"),
    path("<int:pk>/<slug:action>/", actions.act, name="act"),
    path("reviews/", reviews.rounds, name="reviews"),
    path("reviews/<int:pk>/", reviews.round_detail, name="review"),
    path("reviews/<int:pk>/complete/", reviews.complete, name="review_complete"),
    path("reviews/entries/<int:pk>/", reviews.record_entry, name="review_entry"),
    path("quality/", quality.quality, name="quality"),
]
