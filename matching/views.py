"""The jobseeker's "Lowongan yang cocok" page and the "this is wrong" form of a match.

Every match is looked up under the signed-in jobseeker's own profile (JobseekerRequiredMixin),
so another person's match is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from jobseekers.mixins import JobseekerRequiredMixin
from matching import selectors
from matching.feedback import feedback_give
from matching.forms import MatchFeedbackForm

PAGE_SIZE = 10


def _safe_next(request, target: str | None) -> str | None:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


class MatchListView(JobseekerRequiredMixin, ListView):
    """My best open vacancies, best first, with why they fit and how crowded they are."""

    template_name = "matching/match_list.html"
    context_object_name = "matches"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return selectors.jobseeker_match_list(jobseeker=self.profile)

    def paginate_queryset(self, queryset, page_size):
        # A page number typed by hand (?page=abc, ?page=999) shows the nearest page, never an error.
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        matches = list(context["matches"])
        given = selectors.feedback_by(user=self.request.user, pairs=[(m.vacancy_id, m.jobseeker_id) for m in matches])
        here = self.request.get_full_path()
        context["rows"] = [
            {
                "words": selectors.match_words(match),
                "vacancy": match.vacancy,
                "feedback": given.get((match.vacancy_id, match.jobseeker_id)),
                "form": MatchFeedbackForm(initial={"next": here}, prefix_id=match.pk),
            }
            for match in matches
        ]
        context["profile"] = self.profile
        return context


class MatchFeedbackView(JobseekerRequiredMixin, FormView):
    """GET: the form on its own page (also where errors are shown, with what was typed). POST: store it."""

    template_name = "matching/match_feedback.html"
    form_class = MatchFeedbackForm

    def get_match(self):
        if not hasattr(self, "match"):
            self.match = selectors.jobseeker_match_get(jobseeker=self.profile, match_id=self.kwargs["pk"])
            if self.match is None:
                raise Http404(_("There is no such match among yours."))
        return self.match

    def get_initial(self):
        return {"next": self.request.GET.get("next", "")}

    def get_form_kwargs(self):
        self.get_match()  # another person's match is a 404 before anything is read or stored
        return super().get_form_kwargs()

    def get_context_data(self, **kwargs):
        match = self.get_match()
        return super().get_context_data(
            match=match, vacancy=match.vacancy, words=selectors.match_words(match), **kwargs
        )

    def form_valid(self, form):
        match = self.get_match()
        try:
            feedback_give(
                match=match,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you. Disnaker staff will look at this match."))
        return redirect(_safe_next(self.request, form.cleaned_data.get("next")) or reverse("matching:list"))
