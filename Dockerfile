# syntax=docker/dockerfile:1
# The one image of the portal: web (gunicorn, the default command), Celery worker and beat
# (compose.yaml gives them their commands). Build: docker compose build (or docker build -t bontang-aker .)

# --- build: dependencies, compiled translations, collected and compressed static files -----------
FROM python:3.11-slim AS build
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# GNU gettext's msgfmt for compilemessages; only in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# Build-time dummy settings: nothing connects to a database or Redis here; the real values come
# from .env when the container runs.
RUN export DJANGO_SETTINGS_MODULE=bontang_aker.settings.base DJANGO_DEBUG=0 DJANGO_READ_DOT_ENV_FILE=0 \
           DJANGO_SECRET_KEY=build-time-only-not-a-secret \
           DATABASE_URL=postgres://build@127.0.0.1:1/build REDIS_URL=redis://127.0.0.1:1/0 \
           DJANGO_STATIC_ROOT=/app/staticfiles \
 && python manage.py compilemessages --ignore=.venv --ignore=var \
 && python manage.py collectstatic --no-input -v0 \
 && rm -rf var

# --- runtime -----------------------------------------------------------------------------------
FROM python:3.11-slim
ARG CODE_VERSION=""
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=bontang_aker.settings.base \
    DJANGO_READ_DOT_ENV_FILE=0 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/media \
    BACKUP_DIR=/data/backups \
    CODE_VERSION=${CODE_VERSION}
# A system user without a shell or a writable home; the code is root's and read-only to it.
RUN groupadd --system --gid 10001 aker \
 && useradd --system --uid 10001 --gid aker --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin aker \
 && mkdir -p /data/media/reports /data/backups \
 && chown -R aker:aker /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
USER aker
EXPOSE 8000
VOLUME ["/data/media", "/data/backups"]
# /healthz checks the database and Redis; the first of DJANGO_ALLOWED_HOSTS is sent as Host.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "scripts/container_healthcheck.py"]
# gunicorn with its config file (workers from the CPU count, timeouts, access log to stdout).
# A command, not an ENTRYPOINT, so `docker compose run --rm web python manage.py ...` works.
CMD ["gunicorn", "-c", "bontang_aker/gunicorn.conf.py"]
