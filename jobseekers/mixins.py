"""Access to the jobseeker's own pages (/pencaker/...), shared by the jobseekers and placements apps."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jobseekers.selectors import profile_of


class JobseekerRequiredMixin(LoginRequiredMixin):
    """Anonymous visitors go to the login page; employers and staff get 403.

    `self.profile` is the signed-in jobseeker's own profile: every object the page shows is
    looked up under it, so another jobseeker's record is a 404.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.profile = profile_of(request.user)
        if self.profile is None:
            raise PermissionDenied(_("These pages are for jobseekers."))
        return super().dispatch(request, *args, **kwargs)
