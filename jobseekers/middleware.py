"""Ask a jobseeker to accept a newly published consent text before using the portal (UU 27/2022)."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

# Pages that stay open without the new consent: reading and accepting it, the privacy page with the
# export and the deletion request, one's own documents (the export links them), logging out.
OPEN_URL_NAMES = (
    "jobseekers:consent",
    "jobseekers:privacy",
    "jobseekers:deletion_request",
    "portal:data_export",
    "accounts:logout",
    "set_language",
)
OPEN_PREFIXES = ("/api/", "/static/", "/i18n/", "/admin/", "/healthz", "/readyz", "/pencaker/dokumen/")


class ConsentRequiredMiddleware:
    """Redirects a signed-in jobseeker whose accepted consent version is outdated to the consent page.

    One query, only for signed-in jobseekers. The API is left alone (its clients cannot show the
    page); the person still logs out, downloads their data or asks for deletion without accepting.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def open_paths(self) -> set[str]:
        if self._open_paths is None:
            paths = set()
            for name in OPEN_URL_NAMES:
                try:
                    paths.add(reverse(name))
                except Exception:  # noqa: BLE001 - a URL another app may not define
                    continue
            self._open_paths = paths
        return self._open_paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_jobseeker
            and not request.path.startswith(OPEN_PREFIXES)
            and request.path not in self.open_paths()
        ):
            from jobseekers.privacy import consent_needs_acceptance

            if consent_needs_acceptance(user=user):
                next_url = request.get_full_path() if request.method == "GET" else ""
                url = reverse("jobseekers:consent")
                return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
        return self.get_response(request)
