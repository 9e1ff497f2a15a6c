"""The jobseeker's matches, under /pencaker/lowongan-cocok/ (namespace `matching`)."""

from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("", views.MatchListView.as_view(), name="list"),
    path("<int:pk>/salah/", views.MatchFeedbackView.as_view(), name="feedback"),
]
