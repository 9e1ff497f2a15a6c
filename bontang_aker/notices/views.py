"""The signed-in user's notices: the list, opening one, marking all read. Changes are POSTs."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView

from bontang_aker.notices import selectors, services
from bontang_aker.notices.models import Notice


class NoticeListView(LoginRequiredMixin, ListView):
    template_name = "notices/notice_list.html"
    context_object_name = "notices"
    paginate_by = 20

    def get_queryset(self):
        return selectors.notice_list_for(user=self.request.user)


class NoticeOpenView(LoginRequiredMixin, View):
    """Mark the notice read and follow its link; someone else's notice is a 404."""

    def post(self, request, pk):
        try:
            notice = services.notice_mark_read(user=request.user, notice_id=pk)
        except Notice.DoesNotExist:
            raise Http404 from None
        safe = url_has_allowed_host_and_scheme(
            notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(notice.url if notice.url and safe else "notices:list")


class NoticeMarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.notices_mark_all_read(user=request.user)
        messages.success(
            request,
            ngettext("%(count)d notice marked as read.", "%(count)d notices marked as read.", count) % {"count": count},
        )
        return redirect("notices:list")
