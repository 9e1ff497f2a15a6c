"""Downloads of the AK/V and AK/IV letters, and their public check page (/surat/<slug>/).

The company's members download the AK/V letters of their own vacancies' referrals; the jobseeker
downloads their own AK/V (from the application) and AK/IV (from the call-up). Anyone else's letter
is a 404, exactly like one that does not exist. Staff download from the admin (placements.admin).
"""

from __future__ import annotations

import math

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bontang_aker.core.rate_limits import LETTER_CHECK, limit_hit
from bontang_aker.core.workflow import TransitionError
from employers.views import CompanyMemberMixin
from jobseekers.mixins import JobseekerRequiredMixin
from placements import callups
from placements.letters import (
    callup_letter_response,
    letter_for_slug,
    letter_public_check,
    referral_letter_response,
)
from placements.models import CallUp, Referral

_REFERRAL_RELATED = (
    "application__jobseeker",
    "application__vacancy__company",
    "application__vacancy__occupation",
    "application__vacancy__work_kelurahan",
    "referred_by",
)


def referral_for_company(*, company, referral_id: int) -> Referral | None:
    return (
        Referral.objects.select_related(*_REFERRAL_RELATED)
        .filter(pk=referral_id, application__vacancy__company=company)
        .first()
    )


def referral_for_jobseeker(*, jobseeker, application_id: int) -> Referral | None:
    return (
        Referral.objects.select_related(*_REFERRAL_RELATED)
        .filter(application_id=application_id, application__jobseeker=jobseeker)
        .first()
    )


def callup_for_jobseeker(*, jobseeker, callup_id: int) -> CallUp | None:
    return (
        CallUp.objects.select_related(
            "jobseeker", "vacancy__company", "vacancy__occupation", "vacancy__work_kelurahan", "created_by"
        )
        .filter(pk=callup_id, jobseeker=jobseeker)
        .first()
    )


class EmployerReferralLetterView(CompanyMemberMixin, View):
    """A referred candidate's AK/V letter, for the members of the vacancy's company."""

    def get(self, request, pk):
        referral = referral_for_company(company=self.company, referral_id=pk)
        if referral is None:
            raise Http404
        return referral_letter_response(referral)


class ApplicationLetterView(JobseekerRequiredMixin, View):
    """The AK/V letter of one of the jobseeker's own applications, once Disnaker referred it."""

    def get(self, request, pk):
        referral = referral_for_jobseeker(jobseeker=self.profile, application_id=pk)
        if referral is None:
            raise Http404
        return referral_letter_response(referral)


class CallUpLetterView(JobseekerRequiredMixin, View):
    """The jobseeker's own AK/IV call-up letter."""

    def get(self, request, pk):
        callup = callup_for_jobseeker(jobseeker=self.profile, callup_id=pk)
        if callup is None:
            raise Http404
        return callup_letter_response(callup)


class CallUpDeclineView(JobseekerRequiredMixin, View):
    """The jobseeker will not apply: the call-up is declined (POST only)."""

    def post(self, request, pk):
        callup = get_object_or_404(CallUp, pk=pk, jobseeker=self.profile)
        try:
            callups.callup_decline(callup_id=callup.pk, by=request.user, note=request.POST.get("note", "")[:500])
            messages.success(request, _("You declined the call-up. You can still apply while the vacancy is open."))
        except (TransitionError, ValidationError):
            messages.error(request, _("This call-up can no longer be declined."))
        return redirect("placements:apply", callup.vacancy_id)


class LetterCheckView(TemplateView):
    """The public check of an AK/V or AK/IV letter (the QR code's address): no personal data but a masked name.

    Anything that is not a letter's slug is the 404 page; rate-limited per address (LETTER_CHECK).
    """

    template_name = "placements/letter_check.html"

    def get(self, request, *args, **kwargs):
        allowed, wait = limit_hit(request, LETTER_CHECK)
        if not allowed:
            response = self.render_to_response({"throttled": True}, status=429)
            response["Retry-After"] = str(max(1, math.ceil(wait or 60)))
        else:
            letter = letter_for_slug(kwargs["slug"])
            if letter is None:
                raise Http404
            response = self.render_to_response({"check": letter_public_check(letter)})
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        return response
