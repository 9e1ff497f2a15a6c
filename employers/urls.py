from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("daftar/", views.EmployerRegisterView.as_view(), name="register"),
]
