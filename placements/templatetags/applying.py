"""What a person looking at a vacancy can do next: apply, or exactly what is missing first.

A template tag, so the public vacancy page (employers app) shows the single channel's next step
without the employers app importing the placements and jobseekers apps.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from placements.models import Application
from placements.selectors import application_shown_status

register = template.Library()


def _url(name: str, *args, fallback: str = "portal:dashboard") -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return reverse(fallback)


def next_step_for(user, vacancy) -> dict:
    """A dict with `kind`, `message` and, where there is one, the `url` and `label` of the link."""
    if not user.is_authenticated:
        login = reverse("accounts:login") + "?" + urlencode({"next": reverse("vacancies:detail", args=[vacancy.pk])})
        return {
            "kind": "login",
            "message": _("Log in as a jobseeker to apply. Applications go through Disnaker, never to the company."),
            "url": login,
            "label": _("Log in to apply"),
            "second_url": _url("jobseekers:register", fallback="accounts:login"),
            "second_label": _("Register as a jobseeker"),
        }
    if not user.is_jobseeker:
        return {"kind": "not_jobseeker", "message": _("Only jobseekers can apply for vacancies.")}
    profile = getattr(user, "jobseeker_profile", None)
    if profile is None:
        return {
            "kind": "profile",
            "message": _("Fill in your jobseeker profile first."),
            "url": _url("jobseekers:profile"),
            "label": _("Complete my profile"),
        }
    application = Application.objects.filter(jobseeker=profile, vacancy=vacancy).first()
    if application is not None:
        return {
            "kind": "applied",
            "message": _("You applied on %(date)s. Status: %(status)s.")
            % {
                "date": application.created_at.strftime("%d-%m-%Y"),
                "status": application_shown_status(application).label,
            },
            "url": _url("placements:application_detail", application.pk),
            "label": _("Follow my application"),
        }
    if not profile.aki_cards.active().exists():
        return {
            "kind": "card",
            "message": _("You need an active AK/I card (kartu kuning) to apply. It is free."),
            "url": _url("jobseekers:card"),
            "label": _("Get my AK/I card"),
        }
    return {
        "kind": "apply",
        "message": _("Disnaker checks your application and refers you to the company."),
        "url": _url("placements:apply", vacancy.pk),
        "label": _("Apply through Disnaker"),
    }


@register.simple_tag(takes_context=True)
def vacancy_next_step(context, vacancy) -> dict:
    return next_step_for(context["request"].user, vacancy)
