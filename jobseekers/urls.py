from django.urls import path

from jobseekers import views

app_name = "jobseekers"

urlpatterns = [
    path("daftar/", views.JobseekerRegisterView.as_view(), name="register"),
]
