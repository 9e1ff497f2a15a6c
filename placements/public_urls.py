"""The public check of AK/V and AK/IV letters under /surat/ (namespace `letters`): the address in their QR code."""

from django.urls import path

from placements import letter_views

app_name = "letters"

urlpatterns = [
    path("<str:slug>/", letter_views.LetterCheckView.as_view(), name="check"),
]
