from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Disnaker Kota Bontang — job placement administration")
admin.site.site_title = _("Bontang job placement")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("bontang_aker.core.urls")),
    path("akun/", include("bontang_aker.accounts.urls")),
    path("pencaker/", include("jobseekers.urls")),
    path("perusahaan/", include("employers.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("bontang_aker.api_urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "bontang_aker.core.views.permission_denied"
handler404 = "bontang_aker.core.views.page_not_found"
handler500 = "bontang_aker.core.views.server_error"
