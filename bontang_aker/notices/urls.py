from django.urls import path

from bontang_aker.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="list"),
    path("<int:pk>/buka/", views.NoticeOpenView.as_view(), name="open"),
    path("tandai-dibaca/", views.NoticeMarkAllReadView.as_view(), name="mark_all_read"),
]
