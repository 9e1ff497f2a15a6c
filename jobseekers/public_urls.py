"""The public check of an AK/I card under /kartu/ (namespace `cards`): the address in the card's QR code."""

from django.urls import path

from jobseekers import views

app_name = "cards"

urlpatterns = [
    path("<str:number>/", views.CardCheckView.as_view(), name="check"),
]
