"""Pages of saved searches: save one from /lowongan/, list, rename, switch the e-mail, delete, unsubscribe."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from bontang_aker.core.validators import validate_no_control_characters
from jobseekers.mixins import JobseekerRequiredMixin
from portal import saved_searches as services
from portal.models import SAVED_SEARCH_NAME_MAX_LENGTH, SAVED_SEARCH_QUERY_MAX_LENGTH, SavedSearch


class SavedSearchNameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=SAVED_SEARCH_NAME_MAX_LENGTH,
        validators=[validate_no_control_characters],
    )


def _search_page(query: str) -> str:
    base = reverse("vacancies:search")
    return f"{base}?{query}" if query else base


class SavedSearchListView(JobseekerRequiredMixin, TemplateView):
    template_name = "portal/saved_search_list.html"

    def get_context_data(self, bound: tuple[int, SavedSearchNameForm] | None = None, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for search in services.saved_searches_of(user=self.request.user):
            if bound is not None and bound[0] == search.pk:
                form = bound[1]
            else:
                form = SavedSearchNameForm(initial={"name": search.name}, prefix=f"search-{search.pk}")
            rows.append({"search": search, "url": services.saved_search_url(search), "form": form})
        context.update({"rows": rows, "max_count": services.SAVED_SEARCHES_MAX})
        return context


class SavedSearchCreateView(JobseekerRequiredMixin, View):
    """The "Save this search" button of /lowongan/: back to the same search, with a message."""

    http_method_names = ["post"]

    def post(self, request):
        query = QueryDict(request.POST.get("query", "")[: SAVED_SEARCH_QUERY_MAX_LENGTH * 2])
        name = request.POST.get("name", "")[:SAVED_SEARCH_NAME_MAX_LENGTH]
        try:
            search = services.saved_search_create(user=request.user, params=query, name=name)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(_search_page(query.urlencode()))  # re-encoded: a local path, nothing injected
        messages.success(
            request,
            _("Search saved as “%(name)s”. New vacancies that match are e-mailed to you each morning.")
            % {"name": search.name},
        )
        return redirect(_search_page(search.query))


class _SavedSearchChangeView(JobseekerRequiredMixin, View):
    http_method_names = ["post"]

    def change(self, request, search_id):
        raise NotImplementedError

    def post(self, request, pk):
        try:
            return self.change(request, pk)
        except SavedSearch.DoesNotExist:
            raise Http404 from None


class SavedSearchRenameView(_SavedSearchChangeView):
    def change(self, request, search_id):
        form = SavedSearchNameForm(request.POST, prefix=f"search-{search_id}")
        if form.is_valid():
            try:
                services.saved_search_update(user=request.user, search_id=search_id, name=form.cleaned_data["name"])
            except ValidationError as error:
                for message in error.message_dict.get("name", error.messages):
                    form.add_error("name", message)
            else:
                messages.success(request, _("The saved search is renamed."))
                return redirect("portal:saved_search_list")
        if not services.saved_searches_of(user=request.user).filter(pk=search_id).exists():
            raise SavedSearch.DoesNotExist
        view = SavedSearchListView(request=request, kwargs={})
        view.profile = self.profile
        return render(request, view.template_name, view.get_context_data(bound=(search_id, form)))


class SavedSearchAlertsView(_SavedSearchChangeView):
    def change(self, request, search_id):
        on = request.POST.get("email_alerts") == "on"
        services.saved_search_update(user=request.user, search_id=search_id, email_alerts=on)
        messages.success(
            request,
            _("You will get the morning e-mail for this search.") if on else _("No more e-mails for this search."),
        )
        return redirect("portal:saved_search_list")


class SavedSearchDeleteView(_SavedSearchChangeView):
    def change(self, request, search_id):
        services.saved_search_delete(user=request.user, search_id=search_id)
        messages.success(request, _("The saved search is deleted."))
        return redirect("portal:saved_search_list")


# CSRF does not apply: the signed link is the authority, not a session; and mail programs send the
# RFC 8058 one-click POST (body "List-Unsubscribe=One-Click") without any cookie or token.
@method_decorator(csrf_exempt, name="dispatch")
class SavedSearchUnsubscribeView(View):
    """Stop the daily e-mail from its link, without logging in. GET only asks (mail scanners follow
    links); the POST of the button, or of a mail program's one-click unsubscribe, does it."""

    template_name = "portal/saved_search_unsubscribe.html"

    def get(self, request, token):
        try:
            services.unsubscribe_user(token)
        except services.InvalidUnsubscribeLink:
            return self.invalid(request)
        return render(request, self.template_name, {"state": "confirm"})

    def post(self, request, token):
        try:
            services.saved_search_digest_unsubscribe(token=token)
        except services.InvalidUnsubscribeLink:
            return self.invalid(request)
        return render(request, self.template_name, {"state": "done"})

    def invalid(self, request):
        return render(request, self.template_name, {"state": "invalid"}, status=400)
