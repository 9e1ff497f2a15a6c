"""DRF throttles for the project: the client address from one place, and no 500 without Redis.

A throttle counts requests in the cache (Redis in production). When Redis is down or
hangs, refusing every request would turn a cache outage into an API outage, so the
throttle lets the request through and logs a warning; the login lockout (django-axes)
keeps its counts in the database and still protects the sign-in endpoints meanwhile.
Use these classes instead of the ones in `rest_framework.throttling`.
"""

import logging

from redis.exceptions import RedisError
from rest_framework import throttling

from bontang_aker.core.client_address import client_ip

logger = logging.getLogger(__name__)

# What a cache backend raises when its server is unreachable or too slow: redis-py's own
# errors, and the socket errors (ConnectionError, TimeoutError are OSErrors) of others.
CACHE_ERRORS = (RedisError, OSError)


class ProjectThrottleMixin:
    def get_ident(self, request) -> str:
        return client_ip(request)

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as exc:
            logger.warning(
                "throttle %s: cache unavailable (%s), request from %s let through",
                type(self).__name__,
                type(exc).__name__,
                client_ip(request),
            )
            return True


class AnonRateThrottle(ProjectThrottleMixin, throttling.AnonRateThrottle):
    """Per client address, for requests without a user."""


class UserRateThrottle(ProjectThrottleMixin, throttling.UserRateThrottle):
    """Per user, or per client address for anonymous requests."""


class ScopedRateThrottle(ProjectThrottleMixin, throttling.ScopedRateThrottle):
    """Per view scope (`throttle_scope`), per user or client address."""
