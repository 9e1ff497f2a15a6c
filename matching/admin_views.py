"""Staff: a vacancy's best candidates, ranked with their reasons, to call up (AK/IV) or to flag as wrong.

Mounted by `MatchAdmin.get_urls` (matching.admin) inside the admin site, so the admin's login,
staff check and CSRF apply; the page itself needs `matching.view_match`, and the call-up button
`placements.refer_candidate` (the call-up service's own permission).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from employers.models import Vacancy
from matching import selectors
from matching.feedback import feedback_give
from matching.forms import StaffCallUpForm, StaffMatchFeedbackForm
from matching.models import Match, MatchFeedback
from placements.callups import callup_create


def _vacancy_or_404(vacancy_id: str) -> Vacancy:
    if not str(vacancy_id).isdigit():
        raise Http404
    vacancy = Vacancy.objects.select_related("company").filter(pk=int(vacancy_id)).first()
    if vacancy is None:
        raise Http404
    return vacancy


def _check_view(request) -> None:
    if not request.user.has_perm("matching.view_match"):
        raise PermissionDenied


def _page_url(vacancy: Vacancy) -> str:
    return reverse("admin:matching_match_vacancy_candidates", args=[vacancy.pk])


def _messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


def candidates_view(model_admin, request, vacancy_id: str):
    _check_view(request)
    vacancy = _vacancy_or_404(vacancy_id)
    matches = list(selectors.vacancy_candidate_list(vacancy_id=vacancy.pk))
    given = selectors.feedback_by(user=request.user, pairs=[(m.vacancy_id, m.jobseeker_id) for m in matches])
    can_call_up = request.user.has_perm("placements.refer_candidate")
    rows = [
        {
            "rank": rank,
            "match": match,
            "words": selectors.match_words(match),
            "feedback": given.get((match.vacancy_id, match.jobseeker_id)),
            "can_call_up": can_call_up and not match.application_status and not match.called_up,
        }
        for rank, match in enumerate(matches, start=1)
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Best candidates: %(title)s") % {"title": vacancy.title},
        "vacancy": vacancy,
        "rows": rows,
        "reasons": StaffMatchFeedbackForm.base_fields["reason"].choices,
        "can_call_up": can_call_up,
        "vacancy_open": vacancy.status == Vacancy.Status.PUBLISHED,
    }
    return render(request, "admin/matching/vacancy_candidates.html", context)


def callup_view(model_admin, request, vacancy_id: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _check_view(request)
    if not request.user.has_perm("placements.refer_candidate"):
        raise PermissionDenied
    vacancy = _vacancy_or_404(vacancy_id)
    form = StaffCallUpForm(request.POST)
    if not form.is_valid():
        model_admin.message_user(request, _("Choose a candidate from the list."), messages.ERROR)
        return HttpResponseRedirect(_page_url(vacancy))
    # Only candidates on this vacancy's list are called up from this page.
    match = Match.objects.filter(
        vacancy=vacancy, jobseeker_id=form.cleaned_data["jobseeker"], among_vacancy_best=True
    ).first()
    if match is None:
        model_admin.message_user(request, _("This person is not on the vacancy's candidate list."), messages.ERROR)
        return HttpResponseRedirect(_page_url(vacancy))
    try:
        callup = callup_create(
            jobseeker_id=match.jobseeker_id,
            vacancy_id=vacancy.pk,
            by=request.user,
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        model_admin.message_user(request, " ".join(_messages_of(error)), messages.ERROR)
    else:
        model_admin.message_user(
            request,
            _("Called up: AK/IV letter %(number)s is sent to the jobseeker.") % {"number": callup.letter_number},
            messages.SUCCESS,
        )
    return HttpResponseRedirect(_page_url(vacancy) + f"#candidate-{match.pk}")


def feedback_view(model_admin, request, vacancy_id: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _check_view(request)
    vacancy = _vacancy_or_404(vacancy_id)
    form = StaffMatchFeedbackForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                model_admin.message_user(request, error, messages.ERROR)
        return HttpResponseRedirect(_page_url(vacancy))
    match = Match.objects.filter(pk=form.cleaned_data["match"], vacancy=vacancy).first()
    if match is None:
        model_admin.message_user(request, _("This match is no longer on the list."), messages.ERROR)
        return HttpResponseRedirect(_page_url(vacancy))
    try:
        feedback_give(
            match=match, by=request.user, reason=form.cleaned_data["reason"], comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        model_admin.message_user(request, " ".join(_messages_of(error)), messages.ERROR)
    else:
        model_admin.message_user(
            request,
            _("Feedback stored: %(reason)s.") % {"reason": MatchFeedback.Reason(form.cleaned_data["reason"]).label},
            messages.SUCCESS,
        )
    return HttpResponseRedirect(_page_url(vacancy) + f"#candidate-{match.pk}")
