"""gunicorn settings for production: `gunicorn -c bontang_aker/gunicorn.conf.py`.

Used by the container image (Dockerfile), by `python3 scripts/dev.py prod` and by the production
smoke test, so all three serve the same way. Every value can be changed from the environment:

    GUNICORN_BIND                  address:port to listen on (default 0.0.0.0:8000; PORT sets the port only)
    GUNICORN_WORKERS               worker processes; default 2 x CPUs + 1, at most GUNICORN_MAX_WORKERS
    GUNICORN_MAX_WORKERS           cap of the computed default (default 8: each worker holds a DB connection)
    GUNICORN_THREADS               threads per worker (default 1: sync workers)
    GUNICORN_TIMEOUT               seconds a request may take before its worker is restarted (default 30)
    GUNICORN_GRACEFUL_TIMEOUT      seconds running requests get to finish on SIGTERM/restart (default 30)
    GUNICORN_KEEPALIVE             seconds an idle keep-alive connection from the proxy stays open (default 5)
    GUNICORN_MAX_REQUESTS          requests after which a worker is replaced, against slow leaks (default 1000)
    GUNICORN_FORWARDED_ALLOW_IPS   proxies whose X-Forwarded-* headers gunicorn trusts (default 127.0.0.1,::1;
                                   "*" only where nothing but the proxy can reach gunicorn, as in compose.yaml)
    GUNICORN_LOG_LEVEL             gunicorn's own log level (default info)
    GUNICORN_ACCESS_LOG            where the access log goes (default "-": stdout; empty: off)

Django's client address rule is separate: DJANGO_TRUSTED_PROXY_COUNT (README, Security settings).
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def cpu_count() -> int:
    """CPUs this process may run on (a container's cpuset, not the whole host's when it is narrower)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS
        return os.cpu_count() or 1


def default_workers(cpus: int, cap: int) -> int:
    return max(1, min(2 * cpus + 1, cap))


wsgi_app = "bontang_aker.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"]
workers = _int("GUNICORN_WORKERS", 0) or default_workers(cpu_count(), _int("GUNICORN_MAX_WORKERS", 8))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10  # workers do not all restart at once
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The usual combined format plus the time taken (ms) and the response size.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# Heartbeat files in memory: a container's disk-backed /tmp can stall them and get workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's runtime control socket lives at one path per user ($HOME/.gunicorn/gunicorn.ctl):
# two instances on one machine (the smoke test beside a running server) would fight over it.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
proc_name = "bontang_aker"
