"""Limits per client address on actions anyone can try without an account (issue 8).

Sign-ups (the jobseeker's and the employer's, on the pages and in the API) share one budget per
address, `SIGNUP_RATE_LIMIT` per `SIGNUP_RATE_PERIOD_SECONDS`; take-over attempts of a counter
registration have their own, `TAKEOVER_ATTEMPT_LIMIT` an hour. The counts live in the cache and
the client address comes from `client_address.client_ip`, as for the API throttles
(`bontang_aker.core.throttling`), which also let a request through when Redis is down.

A page calls `limit_hit(request, SIGNUP)` once its form is valid; the API lists
`SignupThrottle` in `throttle_classes`: both count in the same place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import ngettext
from rest_framework import throttling

from bontang_aker.core.throttling import ProjectThrottleMixin


@dataclass(frozen=True)
class Limit:
    scope: str
    count_setting: str
    period_setting: str = ""
    period_seconds: int = 3600

    def rate(self) -> tuple[int, int]:
        count = getattr(settings, self.count_setting)
        period = getattr(settings, self.period_setting) if self.period_setting else self.period_seconds
        return int(count), int(period)


SIGNUP = Limit("signup", "SIGNUP_RATE_LIMIT", "SIGNUP_RATE_PERIOD_SECONDS")
TAKEOVER = Limit("takeover", "TAKEOVER_ATTEMPT_LIMIT")
# The public AK/I card check (page and API together): card numbers are sequential, so without a
# limit anyone could walk through them and collect every holder's masked name and status.
CARD_CHECK = Limit("aki_card_check", "AKI_CARD_CHECK_RATE_LIMIT")
# The public check of AK/V and AK/IV letters (/surat/<slug>/): their numbers are sequential too.
LETTER_CHECK = Limit("letter_check", "LETTER_CHECK_RATE_LIMIT")


class AddressLimitThrottle(ProjectThrottleMixin, throttling.SimpleRateThrottle):
    """Counts per client address in `limit.scope`, whoever is logged in."""

    limit: Limit = SIGNUP

    def __init__(self, limit: Limit | None = None):
        if limit is not None:
            self.limit = limit
        self.scope = self.limit.scope
        super().__init__()

    def get_rate(self) -> str:
        return self.limit.scope  # parse_rate reads the settings instead

    def parse_rate(self, rate):
        return self.limit.rate()

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SignupThrottle(AddressLimitThrottle):
    """For the sign-up endpoints of the API: the same budget as the sign-up pages."""

    limit = SIGNUP


class CardCheckThrottle(AddressLimitThrottle):
    """For the card check of the API: the same budget as the check page."""

    limit = CARD_CHECK


def limit_hit(request, limit: Limit) -> tuple[bool, float | None]:
    """Count one more attempt from the request's address: (allowed, seconds to wait when not)."""
    throttle = AddressLimitThrottle(limit)
    if throttle.allow_request(request, None):
        return True, None
    return False, throttle.wait()


def limited_message(wait: float | None) -> str:
    """What a page says when the limit is reached; the form keeps what was typed."""
    minutes = max(1, math.ceil((wait or 60) / 60))
    return ngettext(
        "Too many attempts from your network. Please try again in %(minutes)d minute; what you entered is kept.",
        "Too many attempts from your network. Please try again in %(minutes)d minutes; what you entered is kept.",
        minutes,
    ) % {"minutes": minutes}


def form_limited(view, form, limit: Limit):
    """In a FormView's `form_valid`: None when allowed, else the form again with the message (429)."""
    allowed, wait = limit_hit(view.request, limit)
    if allowed:
        return None
    form.add_error(None, limited_message(wait))
    return view.render_to_response(view.get_context_data(form=form), status=429)
