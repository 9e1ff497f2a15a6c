from django.urls import include, path

from employers.benchmark import views

urlpatterns = [
    path("bench/bare/", views.bare, name="bench_bare"),
    path("bench/ids/", views.page_ids, name="bench_ids"),
    path("", include("bontang_aker.urls")),
]
