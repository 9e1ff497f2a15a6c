from django.urls import path

from bontang_aker.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("verifikasi-email/kirim/", views.EmailVerificationResendView.as_view(), name="email_verification_resend"),
    path("verifikasi-email/<str:token>/", views.EmailVerifyView.as_view(), name="email_verify"),
    path("email/ubah/", views.EmailChangeView.as_view(), name="email_change"),
    path("email/konfirmasi/<str:token>/", views.EmailChangeConfirmView.as_view(), name="email_change_confirm"),
    path("kata-sandi/ubah/", views.PasswordChangeView.as_view(), name="password_change"),
    path("kata-sandi/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path("kata-sandi/lupa/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("kata-sandi/atur/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("kata-sandi/atur/selesai/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
