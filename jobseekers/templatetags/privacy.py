"""Template helpers for personal data: `{{ nik|mask_nik }}`, `{{ name|mask_name }}`, `{% consent_text as text %}`."""

from django import template

from bontang_aker.core import masking
from jobseekers import privacy as privacy_services

register = template.Library()


@register.filter
def mask_nik(value) -> str:
    """``6474********0001``: for anyone but the owner and staff on the person's own page."""
    return masking.mask_nik(value)


@register.filter
def mask_name(value) -> str:
    return masking.mask_name(value)


@register.simple_tag
def consent_text():
    """The current consent text in the page's language (None while none is published)."""
    return privacy_services.consent_text()
