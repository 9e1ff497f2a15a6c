"""The rate limit on the public AK/I card check, shared by the page and the API.

Card numbers are sequential (`6474-<year>-<serial>`), so without a limit anyone could walk
through them and collect the masked names and statuses of every holder. A person checking a
card, or a company checking a few dozen applicants, stays far below the rate. The page and the
API count together, per client address (signed in or not: several accounts do not add up to
more), in the cache, and fail open without Redis (bontang_aker.core.throttling).
"""

from bontang_aker.core.throttling import ScopedRateThrottle

CARD_CHECK_SCOPE = "aki_card_check"


class CardCheckThrottle(ScopedRateThrottle):
    """REST_FRAMEWORK's DEFAULT_THROTTLE_RATES may set another rate for CARD_CHECK_SCOPE."""

    RATE = "60/hour"

    def get_rate(self) -> str:
        return self.THROTTLE_RATES.get(self.scope) or self.RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class _CardCheckScope:
    throttle_scope = CARD_CHECK_SCOPE


def card_check_allowed(request) -> tuple[bool, float | None]:
    """Count one more check from the request's address: whether to answer now, else the seconds to wait."""
    throttle = CardCheckThrottle()
    if throttle.allow_request(request, _CardCheckScope):
        return True, None
    return False, throttle.wait()
