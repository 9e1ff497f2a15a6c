"""Settings for every environment, read from environment variables.

Production is this module plus variables; defaults are the safe ones (debug off, no secret).
`scripts/dev.py` sets the variables for a laptop; `.env.example` documents each one.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    # The audit trail: who changed which record, before → after (bontang_aker/core/audit.py).
    "auditlog",
    "bontang_aker.core",
    "bontang_aker.accounts",
    "bontang_aker.reference",
    "bontang_aker.notices",
    # Operations: failed and retried Celery tasks for staff, database backups and the restore drill.
    "bontang_aker.ops",
    "employers",
    "jobseekers",
    "placements",
    "matching",
    "reports",
    "portal",
]
# Extra apps by name, for operations only (scripts/faulttest.py adds a throw-away app with a failing migration).
INSTALLED_APPS += env.list("DJANGO_EXTRA_APPS", default=[])

MIDDLEWARE = [
    # First: the request id (X-Request-ID) for every log line and task, and one log line per request.
    "bontang_aker.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "bontang_aker.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Puts the logged-in user and the client address on every audit-trail entry of the request.
    "bontang_aker.core.audit.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A jobseeker who has not accepted the current consent text is asked to, before anything else.
    "jobseekers.middleware.ConsentRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bontang_aker.urls"
WSGI_APPLICATION = "bontang_aker.wsgi.application"
ASGI_APPLICATION = "bontang_aker.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bontang_aker.core.context_processors.portal",
                "bontang_aker.notices.context_processors.notices",
            ],
        },
    },
]

# Database and cache/broker --------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")

# Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "home"
# Argon2id first, at OWASP's first recommended setting (bontang_aker/accounts/hashers.py); older
# hashes (Django's Argon2 parameters, PBKDF2) still work and are re-hashed at the next login.
PASSWORD_HASHERS = [
    "bontang_aker.accounts.hashers.OwaspArgon2PasswordHasher",  # also checks Django-default Argon2 hashes
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login lockout (django-axes): every login form, the admin and POST /api/v1/auth/token/.
# An account (e-mail) and, separately, a client address are locked after the limit of
# failures; staff accounts sooner, as they open the admin. Counts live in the database
# (the default handler), so the lockout holds when Redis is down.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = "bontang_aker.accounts.lockout.failure_limit"
AXES_FAILURE_LIMIT_DEFAULT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=10)
AXES_FAILURE_LIMIT_STAFF = env.int("DJANGO_AXES_FAILURE_LIMIT_STAFF", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The login forms name the e-mail field `username`; the callable lower-cases it, as logins do.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "bontang_aker.accounts.lockout.login_username"
AXES_CLIENT_IP_CALLABLE = "bontang_aker.core.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "bontang_aker.accounts.lockout.lockout_response"
# A successful login must not wipe the failures counted against its address: an attacker
# with an account of their own could otherwise reset the address lock at will.
AXES_RESET_ON_SUCCESS = False
# Each attempt during a lockout starts the cool-off again (the lockout page says so).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True

# Audit trail (django-auditlog, bontang_aker/core/audit.py): each app registers its models in
# its audit.py, never logging `updated_at`, `search_vector`, passwords or hashes. The
# correlation-id header is not read: a client could write anything there (and an over-long
# value would make every logged save fail). Changes are stored as text.
AUDITLOG_CID_HEADER = None
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Sessions: jobseekers and employers stay logged in for SESSION_COOKIE_AGE (two weeks);
# staff sessions end when the browser closes and at the latest after this many seconds.
SESSION_ENGINE = "bontang_aker.accounts.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
STAFF_SESSION_AGE_SECONDS = env.int("DJANGO_STAFF_SESSION_AGE_SECONDS", default=8 * 60 * 60)

# Links mailed to confirm an address (after sign-up, for a new address) work this many hours;
# password reset links follow Django's PASSWORD_RESET_TIMEOUT (seconds).
EMAIL_VERIFICATION_HOURS = env.int("DJANGO_EMAIL_VERIFICATION_HOURS", default=48)
PASSWORD_RESET_TIMEOUT = env.int("DJANGO_PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)
# An invitation to join a company (employers.members) works this many days.
COMPANY_INVITATION_DAYS = env.int("DJANGO_COMPANY_INVITATION_DAYS", default=7)

# Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Makassar"
USE_TZ = True

# Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "static/"
# Where collectstatic puts the files whitenoise serves. Default staticfiles/ in the repository.
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
# A notice email holds its row lock while it is sent: a hung mail server must not hold it long.
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Disnaker Kota Bontang <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security (HTTPS on by default; the dev runner turns it off for http://localhost) ----------
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Preloading commits the whole domain to HTTPS in browsers for good: production opts in explicitly.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies in front of the portal that append to X-Forwarded-For (0: none, clients
# connect directly). Decides the client address for throttles, lockouts and logs
# (bontang_aker/core/client_address.py); more than the real number lets clients forge it.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# /healthz and /readyz are probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Strict: every script, style, image and font comes from our own static files; no inline script
# or style attribute anywhere. Views that need more widen it for themselves with django-csp's
# decorators (the API docs page, the 500 page); Permissions-Policy: bontang_aker.core.middleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "bontang_aker.core.negotiation.FormatFirstNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an API client without valid credentials gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # drf-spectacular's, plus the error answers (400/401/403/404/429) each operation can give.
    "DEFAULT_SCHEMA_CLASS": "bontang_aker.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "bontang_aker.core.api.exception_handler",
    # Same rule as bontang_aker.core.client_address, for any throttle not built on ours.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bontang AKER API",
    "DESCRIPTION": "Pelayanan Antar Kerja Disnaker Kota Bontang — public and partner API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Two choice sets share the field name "kind": each gets a name that says what it is.
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "jobseekers.models.Document.Kind",
        "JobSearchLogKindEnum": "placements.job_search_log.KIND_LABELS",
        "TransparencyVacancyStatusEnum": "portal.transparency.PUBLIC_STATUSES",
    },
}

# Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 60 * 5
CELERY_TASK_TIME_LIMIT = 60 * 10
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task taken by a worker that dies (SIGKILL, lost machine) is delivered again after this many
# seconds (Redis broker, acks_late). Longer than the longest task's time limit, or a task still
# running would be started a second time; scripts/faulttest.py shortens it to see the redelivery.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # AK/I cards past their expiry or their 6-monthly report lapse; checked every night.
    "lapse-aki-cards": {
        "task": "jobseekers.tasks.lapse_overdue_aki_cards_task",
        "schedule": crontab(hour=1, minute=15),
    },
    # Reminders to report (lapor) on AK/I cards, a week before the due date and on it; 07:00 WITA
    # (CELERY_TIMEZONE), after the night's lapses.
    "remind-aki-card-reports": {
        "task": "jobseekers.tasks.send_aki_card_report_reminders_task",
        "schedule": crontab(hour=7, minute=0),
    },
    # Vacancies whose closing date has passed stop being shown.
    "close-expired-vacancies": {
        "task": "employers.tasks.close_expired_vacancies_task",
        "schedule": crontab(hour=0, minute=30),
    },
    # Vacancies: the reminder 3 days before the closing date, the "still open?" question and its expiry; 07:30 WITA.
    "vacancy-heartbeat": {
        "task": "employers.tasks.vacancy_heartbeat_task",
        "schedule": crontab(hour=7, minute=30),
    },
    # Call-ups (AK/IV) still unanswered once their vacancy stops taking applications expire (after 00:30).
    "expire-callups": {
        "task": "placements.tasks.expire_callups_task",
        "schedule": crontab(hour=0, minute=45),
    },
    # Personal data of jobseekers who asked for deletion, once their retention period is over (UU 27/2022).
    "erase-personal-data": {
        "task": "portal.tasks.erase_requested_personal_data_task",
        "schedule": crontab(hour=2, minute=45),
    },
    # The statutory reports of the period just ended (month; quarter and year at their ends), 01:00 WITA on the 1st.
    "statutory-reports": {
        "task": "reports.tasks.scheduled_reports_task",
        "schedule": crontab(hour=1, minute=0, day_of_month=1),
    },
    # Notices whose e-mail task was lost (the broker was down when they were written) are e-mailed.
    "email-unsent-notices": {
        "task": "bontang_aker.notices.tasks.email_unsent_notices_task",
        "schedule": crontab(minute="*/30"),
    },
    # Report versions whose task was lost (broker down, worker gone) are handed over again.
    "requeue-stale-reports": {
        "task": "reports.tasks.requeue_stale_reports_task",
        "schedule": crontab(minute="*/30"),
    },
    # Every published vacancy's candidates and every jobseeker's vacancies, recomputed at night (WITA).
    "rematch-all": {
        "task": "matching.tasks.rematch_all_task",
        "schedule": crontab(hour=3, minute=15),
    },
    # Jobseekers' saved searches: one e-mail each with the vacancies published since the last one; 06:30 WITA.
    "send-saved-search-digests": {
        "task": "portal.tasks.send_saved_search_digests_task",
        "schedule": crontab(hour=6, minute=30),
    },
    # Match notices, after the 03:15 rematch: each jobseeker's digest of new good matches (06:45 WITA),
    # and the staff's list of vacancies with too few good candidates (07:15 WITA).
    "send-match-digests": {
        "task": "matching.tasks.send_match_digests_task",
        "schedule": crontab(hour=6, minute=45),
    },
    "send-few-candidates-list": {
        "task": "matching.tasks.send_few_candidates_list_task",
        "schedule": crontab(hour=7, minute=15),
    },
    # The nightly database backup (pg_dump, custom format) into BACKUP_DIR; old ones pruned. 02:15 WITA.
    "backup-database": {
        "task": "bontang_aker.ops.tasks.backup_database_task",
        "schedule": crontab(hour=2, minute=15),
    },
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Fail fast when Redis is down or hangs; callers (the throttles) carry on without it.
        "OPTIONS": {
            "socket_connect_timeout": env.float("DJANGO_CACHE_CONNECT_TIMEOUT", default=0.5),
            "socket_timeout": env.float("DJANGO_CACHE_TIMEOUT", default=0.5),
        },
    }
}
# Public vacancy search results, the API list and the home page's vacancies are cached this long
# (seconds; 0 = off), and dropped at once when a vacancy is published, closed or filled.
PUBLIC_PAGE_CACHE_SECONDS = env.int("DJANGO_PUBLIC_PAGE_CACHE_SECONDS", default=60)

# Domain rules (Perda 10/2018, Permenaker 39/2016) ------------------------------------------
LOCAL_WORKER_MIN_SHARE = env.float("LOCAL_WORKER_MIN_SHARE", default=0.75)
LOCAL_MIN_RESIDENCE_YEARS = env.int("LOCAL_MIN_RESIDENCE_YEARS", default=0)
DISABILITY_QUOTA_PRIVATE = env.float("DISABILITY_QUOTA_PRIVATE", default=0.01)
DISABILITY_QUOTA_PUBLIC = env.float("DISABILITY_QUOTA_PUBLIC", default=0.02)
AKI_CARD_VALIDITY_MONTHS = env.int("AKI_CARD_VALIDITY_MONTHS", default=24)
AKI_CARD_REPORT_INTERVAL_MONTHS = env.int("AKI_CARD_REPORT_INTERVAL_MONTHS", default=6)
PLACEMENT_REPORT_DEADLINE_DAYS = env.int("PLACEMENT_REPORT_DEADLINE_DAYS", default=14)
# Two placements of one person at different companies starting at most this many days apart are a
# conflict for staff ("placed at two companies at once", placements/reconciliation.py).
PLACEMENT_CONFLICT_WINDOW_DAYS = env.int("PLACEMENT_CONFLICT_WINDOW_DAYS", default=30)
# Fair rotation for short TA work (issue 10, placements/rotation.py): score = waiting days × per_waiting_day
# + each priority group's points − recent_work when a verified hire started within ROTATION_RECENT_WORK_DAYS
# (large, so whoever worked recently goes behind everyone who did not).
ROTATION_WEIGHTS = {
    "per_waiting_day": env.float("ROTATION_WEIGHT_PER_WAITING_DAY", default=1.0),
    "poor_household": env.float("ROTATION_WEIGHT_POOR_HOUSEHOLD", default=90.0),
    "smk_graduate": env.float("ROTATION_WEIGHT_SMK_GRADUATE", default=60.0),
    "disability": env.float("ROTATION_WEIGHT_DISABILITY", default=90.0),
    "recent_work": env.float("ROTATION_WEIGHT_RECENT_WORK", default=1000.0),
}
ROTATION_RECENT_WORK_DAYS = env.int("ROTATION_RECENT_WORK_DAYS", default=365)
# Matching (matching.scoring): the weight of each component of the 0–100 score (scaled to add up to
# 100), how many matches are kept per vacancy and per jobseeker, and whether changes trigger a match.
MATCHING_WEIGHTS = {
    "skills": env.float("MATCHING_WEIGHT_SKILLS", default=30.0),
    "certificates": env.float("MATCHING_WEIGHT_CERTIFICATES", default=8.0),
    "occupation": env.float("MATCHING_WEIGHT_OCCUPATION", default=12.0),
    "education": env.float("MATCHING_WEIGHT_EDUCATION", default=10.0),
    "experience": env.float("MATCHING_WEIGHT_EXPERIENCE", default=10.0),
    "local": env.float("MATCHING_WEIGHT_LOCAL", default=10.0),
    "waiting": env.float("MATCHING_WEIGHT_WAITING", default=6.0),
    "priority": env.float("MATCHING_WEIGHT_PRIORITY", default=6.0),
    "wage": env.float("MATCHING_WEIGHT_WAGE", default=4.0),
    "activity": env.float("MATCHING_WEIGHT_ACTIVITY", default=4.0),
}
MATCH_CANDIDATES_PER_VACANCY = env.int("MATCH_CANDIDATES_PER_VACANCY", default=100)
MATCH_VACANCIES_PER_JOBSEEKER = env.int("MATCH_VACANCIES_PER_JOBSEEKER", default=50)
# Threads (database connections) of the nightly full rematch: about one per core of the database server.
MATCH_REMATCH_WORKERS = env.int("MATCH_REMATCH_WORKERS", default=2)
MATCHING_TRIGGERS_ENABLED = env.bool("MATCHING_TRIGGERS_ENABLED", default=True)
# Match notices (matching.notices): a jobseeker's daily digest lists new matches scoring at least
# MATCH_NOTICE_MIN_SCORE; staff get a daily list of open vacancies with fewer than MATCH_FEW_CANDIDATES
# candidates at or above it.
MATCH_NOTICE_MIN_SCORE = env.int("MATCH_NOTICE_MIN_SCORE", default=70)
MATCH_FEW_CANDIDATES = env.int("MATCH_FEW_CANDIDATES", default=5)
MATCHING_TASK_QUEUE = env.str("MATCHING_TASK_QUEUE", default=None)  # None: Celery's default queue
# Crowding control on the staff's candidate list of a vacancy (matching.selectors): one point lower per
# other vacancy's list beyond the first MATCH_CROWDING_FREE_LISTS, at most MATCH_CROWDING_MAX_PENALTY.
MATCH_CROWDING_FREE_LISTS = env.int("MATCH_CROWDING_FREE_LISTS", default=5)
MATCH_CROWDING_MAX_PENALTY = env.int("MATCH_CROWDING_MAX_PENALTY", default=10)
# The sanction ladder (issue 10): the steps of a sanction case, in order, each with its label and the
# default number of days the company has to put the finding right (employers.sanctions).
SANCTION_LADDER = [
    {"code": "teguran_lisan", "label": _("Verbal warning (teguran lisan)"), "deadline_days": 14},
    {"code": "teguran_tertulis_1", "label": _("First written warning (teguran tertulis I)"), "deadline_days": 14},
    {"code": "teguran_tertulis_2", "label": _("Second written warning (teguran tertulis II)"), "deadline_days": 14},
    {"code": "teguran_tertulis_3", "label": _("Third written warning (teguran tertulis III)"), "deadline_days": 14},
    {
        "code": "rekomendasi",
        "label": _("Recommendation to the provincial Disnaker or the permit authority"),
        "deadline_days": 30,
    },
]
# Vacancies (issue 9): a closed vacancy is reopened, not posted again, within this many days of closing;
# a closing date moves at most this many days (once); a vacancy open this long without a referral
# decision is asked whether it is still open, and closes if the question is unanswered for so many days.
VACANCY_REPOST_COOLDOWN_DAYS = env.int("VACANCY_REPOST_COOLDOWN_DAYS", default=14)
VACANCY_EXTENSION_MAX_DAYS = env.int("VACANCY_EXTENSION_MAX_DAYS", default=60)
VACANCY_CLOSING_REMINDER_DAYS = 3
VACANCY_STILL_OPEN_AFTER_DAYS = 30
VACANCY_STILL_OPEN_ANSWER_DAYS = 7
# The most records one admin bulk action changes (each through its service, after a confirmation page).
ADMIN_BULK_ACTION_MAX = env.int("ADMIN_BULK_ACTION_MAX", default=100)
# Largest KTP, diploma or photo a jobseeker may upload, in megabytes.
DOCUMENT_UPLOAD_MAX_MB = env.int("DOCUMENT_UPLOAD_MAX_MB", default=2)
# Sign-ups (jobseeker and employer, pages and API together) per client address and period (issue 8).
SIGNUP_RATE_LIMIT = env.int("SIGNUP_RATE_LIMIT", default=5)
SIGNUP_RATE_PERIOD_SECONDS = env.int("SIGNUP_RATE_PERIOD_SECONDS", default=3600)
# Counter registration: the one-time take-over code is valid this many days; attempts per address and hour.
COUNTER_TAKEOVER_CODE_DAYS = env.int("COUNTER_TAKEOVER_CODE_DAYS", default=30)
TAKEOVER_ATTEMPT_LIMIT = env.int("TAKEOVER_ATTEMPT_LIMIT", default=10)
# Public AK/I card checks (/kartu/<number>/ and its API) per client address and hour.
AKI_CARD_CHECK_RATE_LIMIT = env.int("AKI_CARD_CHECK_RATE_LIMIT", default=60)
# Public checks of AK/V referral and AK/IV call-up letters (/surat/<number>/) per client address and hour.
LETTER_CHECK_RATE_LIMIT = env.int("LETTER_CHECK_RATE_LIMIT", default=60)
# The open-data transparency API (api/v1/transparency/…) per client address, as a DRF rate.
TRANSPARENCY_API_RATE = env("TRANSPARENCY_API_RATE", default="120/minute")
# Days between a jobseeker's deletion request (the account is closed at once) and the erasure of
# their personal data: time for Disnaker to finish a pending hire report or undo a mistaken request.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=30)

# Where citizens report illegal levies (pungli) and complaints; shown in every page footer.
DISNAKER_COMPLAINT_EMAIL = env("DISNAKER_COMPLAINT_EMAIL", default="pengaduan@disnaker.bontang.example")
DISNAKER_COMPLAINT_PHONE = env("DISNAKER_COMPLAINT_PHONE", default="+62548000000")  # placeholder until confirmed

# Statutory reports (reports app). Who receives each generated report by e-mail (comma-separated),
# e.g. the head of Disnaker and the city's statistics office; empty sends nothing.
REPORT_RECIPIENTS = env.list("REPORT_RECIPIENTS", default=[])
# The letterhead printed above every table of the report files.
REPORT_LETTERHEAD = env("REPORT_LETTERHEAD", default="PEMERINTAH KOTA BONTANG — DINAS KETENAGAKERJAAN")
REPORT_OFFICE_ADDRESS = env("REPORT_OFFICE_ADDRESS", default="Jl. Awang Long, Bontang, Kalimantan Timur")
# The public labour-market dashboard (/statistik/) and its open-data downloads are cached this long.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=900)
# Stamped on every report version; empty: the git commit of the checkout, else "unknown".
CODE_VERSION = env("CODE_VERSION", default="")
# The Celery queue of report generation (None: Celery's default queue).
REPORT_TASK_QUEUE = env.str("REPORT_TASK_QUEUE", default=None)
# The licence of the open data on the dashboard, as shown beside each download.
OPEN_DATA_LICENCE = env("OPEN_DATA_LICENCE", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env("OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/deed.id")

# Backups (bontang_aker/ops/backups.py): `manage.py backup_database` and the nightly beat task write
# pg_dump files (custom format) here and delete those older than BACKUP_KEEP_DAYS; `manage.py
# restore_drill` restores the latest into RESTORE_DRILL_DATABASE (default <database>_restore_drill).
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=14)
RESTORE_DRILL_DATABASE = env("RESTORE_DRILL_DATABASE", default="")
# The directory of pg_dump / pg_restore; empty: PATH, /usr/lib/postgresql/*/bin, then pgserver's own.
PG_BIN_DIR = env("PG_BIN_DIR", default="")

# Error reporting (Sentry), off unless SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from bontang_aker.core.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default="") or CODE_VERSION or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Logs: one JSON object a line in production ("json"), plain text ("text") under DEBUG and in
# tests; every line carries the request id (bontang_aker/core/logs.py).
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="text" if DEBUG else "json").lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "bontang_aker.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "bontang_aker.core.logs.JsonFormatter"},
        "text": {"()": "bontang_aker.core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Replaces Django's own "django" logger set-up, which under DEBUG adds a second console handler.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
