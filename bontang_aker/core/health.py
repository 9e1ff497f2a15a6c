"""Health checks for load balancers and the run command: /healthz (database and Redis) and
/readyz (those and every migration applied).

Each check answers "ok" or "error: <exception class>". The full exception goes to the log,
not to the (public, unauthenticated) response, so no host names or credentials leak.
"""

import logging
from urllib.parse import parse_qsl, urlencode

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# A probe must answer quickly even when Redis is unreachable (a black-holed host).
REDIS_TIMEOUT_SECONDS = 2


def redis_py_url(url: str) -> str:
    """Kombu's socket form (`redis+socket:///path?virtual_host=1`) as redis-py's `unix:///path?db=1`."""
    for prefix in ("redis+socket://", "socket://"):
        if url.startswith(prefix):
            path, _, query = url[len(prefix) :].partition("?")
            params = [("db" if key == "virtual_host" else key, value) for key, value in parse_qsl(query)]
            return f"unix://{path}" + (f"?{urlencode(params)}" if params else "")
    return url


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("healthz: database check failed", exc_info=True)
        return f"error: {type(exc).__name__}"
    return "ok"


def check_redis() -> str:
    try:
        client = redis.Redis.from_url(
            redis_py_url(settings.REDIS_URL),
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("healthz: redis check failed", exc_info=True)
        return f"error: {type(exc).__name__}"
    return "ok"


@never_cache
@require_safe
def healthz(request):
    checks = {"database": check_database(), "redis": check_redis()}
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


# Once the database has every migration of this code, it keeps them (the code of a running
# process does not change): the migration graph is loaded until then, not on every probe.
_migrations_applied = False


def check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return "ok"
    try:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("readyz: migration check failed", exc_info=True)
        return f"error: {type(exc).__name__}"
    if plan:
        logger.warning("readyz: %d migrations not applied", len(plan))
        return "error: pending"
    _migrations_applied = True
    return "ok"


@never_cache
@require_safe
def readyz(request):
    """Ready for traffic: the database and Redis answer, and every migration is applied (else 503)."""
    checks = {"database": check_database(), "redis": check_redis()}
    checks["migrations"] = check_migrations() if checks["database"] == "ok" else "error: database"
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse({"status": "ok" if ready else "error", "checks": checks}, status=200 if ready else 503)
