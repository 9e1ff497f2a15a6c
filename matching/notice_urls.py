"""Match notices' pages (namespace `match_notices`), under /akun/pemberitahuan-cocok/."""

from django.urls import path

from matching import notice_views

app_name = "match_notices"

urlpatterns = [
    path("", notice_views.MatchNoticeSettingsView.as_view(), name="settings"),
    path("berhenti/<str:token>/", notice_views.MatchNoticeUnsubscribeView.as_view(), name="unsubscribe"),
]
