"""The rate limit on hire reports outside the portal, shared by the page and the API.

Such a report is checked against the register of jobseekers, and AK/I card numbers are
sequential: even with one answer for every number (placements.services), a limit per user
keeps anyone from sending thousands. The page and the API count together, in the cache, and
fail open without Redis (bontang_aker.core.throttling).
"""

from bontang_aker.core.throttling import ScopedRateThrottle

OUTSIDE_HIRE_SCOPE = "employer_outside_hire"


class OutsideHireReportThrottle(ScopedRateThrottle):
    """Per user (per client address without one), in the OUTSIDE_HIRE_SCOPE.

    A company reporting its hires by hand stays far below the rate; REST_FRAMEWORK's
    DEFAULT_THROTTLE_RATES may set another one for the scope.
    """

    RATE = "30/hour"

    def get_rate(self) -> str:
        return self.THROTTLE_RATES.get(self.scope) or self.RATE


class _OutsideHireScope:
    throttle_scope = OUTSIDE_HIRE_SCOPE


def outside_hire_report_allowed(request) -> tuple[bool, float | None]:
    """Count one more report by the request's user: whether it may be sent now, else the seconds to wait.

    Called by the page and the API once the input is valid, just before the register is consulted.
    """
    throttle = OutsideHireReportThrottle()
    if throttle.allow_request(request, _OutsideHireScope):
        return True, None
    return False, throttle.wait()
