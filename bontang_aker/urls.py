from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from bontang_aker.accounts import views as accounts_views
from portal.views import HomeView

admin.site.site_header = _("Disnaker Kota Bontang — job placement administration")
admin.site.site_title = _("Bontang job placement")
admin.site.index_title = _("Administration")
# The home page starts with the staff work queues (templates/admin/staff_index.html, portal.api.QUEUES).
admin.site.index_template = "admin/staff_index.html"
# No model list beside every page: on a 1,366 px laptop it took a third of the width the tables
# need (the home page and the breadcrumbs lead everywhere).
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("portal.urls")),
    path("", include("bontang_aker.core.urls")),
    path("akun/pemberitahuan-cocok/", include("matching.notice_urls")),
    path("akun/pemberitahuan/", include("bontang_aker.notices.urls")),
    path("akun/", include("bontang_aker.accounts.urls")),
    path("pencaker/lamaran/", include("placements.urls")),
    path("pencaker/riwayat/", include("placements.log_urls")),
    path("pencaker/lowongan-cocok/", include("matching.urls")),
    path("pencaker/", include("jobseekers.urls")),
    path("perusahaan/", include("employers.urls")),
    path("lowongan/", include("employers.public_urls")),
    path("kartu/", include("jobseekers.public_urls")),
    path("surat/", include("placements.public_urls")),
    path("statistik/", include("reports.urls")),
    # The switch keeps a signed-in person's choice on their account (bontang_aker.accounts.views).
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("bontang_aker.api_urls")),
]

# No route serves MEDIA_URL, in DEBUG either: uploads are personal data, served only by
# views that check who asks (jobseekers:document_download).

handler403 = "bontang_aker.core.views.permission_denied"
handler404 = "bontang_aker.core.views.page_not_found"
handler500 = "bontang_aker.core.views.server_error"
