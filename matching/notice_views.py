"""Pages of match notices: which kinds a signed-in person gets, and the e-mail's unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from matching import notices as services
from matching.models import MatchNoticeKind


class MatchNoticeSettingsView(LoginRequiredMixin, View):
    """The kinds of match notice that concern the person, each on or off; a POST saves the boxes."""

    template_name = "matching/notices/settings.html"

    def kinds(self, user):
        return [
            {
                "value": kind,
                "label": MatchNoticeKind(kind).label,
                "enabled": services.notice_kind_enabled(user=user, kind=kind),
            }
            for kind in services.notice_kinds_for(user)
        ]

    def get(self, request):
        return render(request, self.template_name, {"kinds": self.kinds(request.user)})

    def post(self, request):
        chosen = set(request.POST.getlist("kinds"))
        for kind in services.notice_kinds_for(request.user):
            services.notice_kind_set(user=request.user, kind=kind, enabled=kind in chosen)
        messages.success(request, _("Your choice of notices is saved."))
        return redirect("match_notices:settings")


# CSRF does not apply: the signed link is the authority, not a session; and mail programs send the
# RFC 8058 one-click POST without any cookie or token (as portal.saved_search_views).
@method_decorator(csrf_exempt, name="dispatch")
class MatchNoticeUnsubscribeView(View):
    """Stop one kind of match notice from its link, without logging in. GET only asks (mail scanners
    follow links); the POST of the button does it."""

    template_name = "matching/notices/unsubscribe.html"

    def get(self, request, token):
        try:
            _user, kind = services.unsubscribe_target(token)
        except services.InvalidUnsubscribeLink:
            return self.invalid(request)
        return render(request, self.template_name, {"state": "confirm", "kind": MatchNoticeKind(kind).label})

    def post(self, request, token):
        try:
            _user, kind = services.match_notice_unsubscribe(token=token)
        except services.InvalidUnsubscribeLink:
            return self.invalid(request)
        return render(request, self.template_name, {"state": "done", "kind": MatchNoticeKind(kind).label})

    def invalid(self, request):
        return render(request, self.template_name, {"state": "invalid"}, status=400)
