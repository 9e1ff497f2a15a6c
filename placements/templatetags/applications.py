"""Links from the jobseeker's application pages to the public vacancy page, when it exists."""

from django import template
from django.urls import NoReverseMatch, reverse

from placements.selectors import ShownStatus, application_shown_status

register = template.Library()


@register.filter
def vacancy_url(vacancy) -> str:
    """The public page of the vacancy (`vacancies:detail`), or "" while that page does not exist."""
    try:
        return reverse("vacancies:detail", args=[vacancy.pk])
    except NoReverseMatch:
        return ""


@register.simple_tag
def vacancy_search_url() -> str:
    for name in ("vacancies:search", "vacancies:list"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return reverse("home") + "#vacancies"


@register.filter
def shown_status(application) -> ShownStatus:
    """The status the jobseeker sees (`key` and `label`), with the step awaiting Disnaker's check."""
    return application_shown_status(application)
