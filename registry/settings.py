"""Settings for the PTCS Site Registry: one module, driven by environment variables.

Development (the default): DEBUG on (its error pages for a developer at the machine only),
SQLite in ./var, Celery tasks run in-process, e-mail printed to the console. Production: set
``DJANGO_ENV=production`` plus ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``,
``CELERY_BROKER_URL`` and the e-mail variables; ``python manage.py check --deploy`` is then
clean.
The README lists every variable.
"""

import datetime
from pathlib import Path

import dj_database_url
from kombu import Exchange, Queue

from registry.lib.env import (
    ConfigurationError,
    envbool,
    envdate,
    envdecimal,
    envint,
    envlist,
    envrate,
    envstr,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("REGISTRY_VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = envstr("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ConfigurationError(f"DJANGO_ENV={DJANGO_ENV!r}: use 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"
# Production runs behind a TLS-terminating proxy (nginx, a load balancer) unless told otherwise.
BEHIND_TLS_PROXY = PRODUCTION and envbool("BEHIND_TLS_PROXY", default=True)

DEBUG = envbool("DEBUG", default=not PRODUCTION)
# DEBUG's error pages (tracebacks, settings, the database host) are shown only to a developer
# at the machine: a request from one of these addresses that no proxy relayed; anyone else
# gets the plain error page even with DEBUG on (registry/lib/server_errors.py).
INTERNAL_IPS = ["127.0.0.1", "::1"]
DEFAULT_EXCEPTION_REPORTER = "registry.lib.server_errors.LocalOnlyExceptionReporter"

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ConfigurationError("SECRET_KEY must be set when DJANGO_ENV=production.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "registry",
    "accounts",
    "utilities",
    "technicians",
    "jobs",
    "qa_inspections",
    "sampledata",  # seed_demo, seed_load, generate_jobs
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above every middleware that touches the database (sessions, authentication, allauth):
    # it answers 503 when the database cannot be reached, wherever below it that was met.
    "registry.lib.server_errors.ServerErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "registry.menu.menu",
            ],
        },
    },
]

# --- Database ---
# SQLite is the zero-setup default; DATABASE_URL (postgres://…) selects PostgreSQL.
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "registry.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # job_utility_recent_idx carries INCLUDE (status) for PostgreSQL's index-only scans
    # (jobs/migrations/0009); SQLite ignores the INCLUDE column and would warn at every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (login throttling counters live here) ---
CACHE_URL = envstr("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: sign in with username or e-mail; one account per e-mail (stored lower-case
# by allauth and enforced case-insensitively by a constraint on accounts.User).
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_VERIFICATION = envstr("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PTCS Site Registry] "
# Failed sign-ins: at most LOGIN_FAILED_PER_KEY per account every 5 minutes and 10 a minute
# per IP address; allauth answers 429 past that.
ACCOUNT_RATE_LIMITS = {
    "login_failed": envstr("LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
    # Every sign-in attempt, per client address (allauth's own default). The load test raises
    # it: all its users come from 127.0.0.1.
    "login": envstr("LOGIN_RATE", "30/m/ip"),
}

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "PTCS Site Registry <registry@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where new applications are announced; empty = no announcement.
PTCS_STAFF_EMAIL = envstr("PTCS_STAFF_EMAIL")

# --- Celery ---
# No broker configured → tasks run in-process (eagerly), so the embedded default needs no Redis.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "America/Los_Angeles"
# The queue tasks go to and the worker reads; a different name per deployment lets several
# deployments (or test runs) share one Redis database without taking each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_TASK_DEFAULT_QUEUE", "celery")
# E-mails and bulk uploads wait in queues of their own, so that neither waits behind the other
# or behind the periodic jobs: every completion's utility notice renders a report PDF (0.8 to
# 2.3 s), and a bulk upload queued behind 150 of them waited minutes; an upload of 5,000 rows
# then keeps a worker process about 2 minutes. One worker serves all three (docker-compose.yml:
# ``-Q celery,mail,bulk``; it takes from its queues in turn), and each can get workers of its
# own. Deployments sharing one Redis database give each of the three a name of their own.
_mail_queue = envstr("CELERY_MAIL_QUEUE", "mail")
_bulk_queue = envstr("CELERY_BULK_QUEUE", "bulk")
# Declared as Celery declares a queue it creates itself (an exchange and routing key of the
# queue's name), so a worker started without -Q still serves all three. The same name given
# twice (e.g. every task in one queue, as bin/loadtest does) is one queue.
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name), routing_key=name)
    for name in dict.fromkeys([CELERY_TASK_DEFAULT_QUEUE, _mail_queue, _bulk_queue])
]
# Every e-mail task (registry.lib.once.email_task) to the mail queue, bulk processing to the bulk
# queue; the rest (the periodic jobs and their sweeps, which only queue work) to the default
# queue. Task names, not modules: each task keeps the name it was first queued under.
CELERY_TASK_ROUTES = {
    "jobs.tasks.send_job_notice": {"queue": _mail_queue},  # with the report PDF
    "jobs.tasks.send_review_decision_email": {"queue": _mail_queue},
    "jobs.tasks.send_reviewer_notice": {"queue": _mail_queue},
    "technicians.tasks.send_application_decision_email": {"queue": _mail_queue},
    "technicians.tasks.send_company_invitation": {"queue": _mail_queue},
    "technicians.tasks.send_certification_reminder": {"queue": _mail_queue},
    "qa_inspections.inspection_tasks.send_remediation_email": {"queue": _mail_queue},
    "jobs.tasks.process_bulk_upload": {"queue": _bulk_queue},
}
# Redis gives a task whose worker died before acknowledging it (acks_late: kill -9, power
# loss) to another worker once this many seconds have passed since it was handed out. It must
# exceed the longest task run plus retry countdown, or a running task is handed out twice
# (harmless for the claiming tasks, but wasted work). Workers look for such tasks about every
# tenth of it (at most every 10 s; kombu's own default is every 100 s).
_visibility_timeout = envint("CELERY_VISIBILITY_TIMEOUT", 3600)
if _visibility_timeout < 1:
    raise ConfigurationError("CELERY_VISIBILITY_TIMEOUT must be at least 1 second.")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "unacked_restore_interval": max(1, min(10, _visibility_timeout // 10)),
    "unacked_restore_throttle": 1,
}

# --- Review schedule (spec §7; seed 000 L29: BPA Pending jobs are reviewed bi-weekly) ---
# Review periods are REVIEW_INTERVAL_DAYS long, counted from REVIEW_ANCHOR_DATE (a Monday):
# the daily batch task (registry/celery.py, at REVIEW_BATCH_HOUR local time) opens the batch of
# the period it runs in, once. A pending job waiting longer than REVIEW_OVERDUE_DAYS is flagged.
REVIEW_INTERVAL_DAYS = envint("REVIEW_INTERVAL_DAYS", 14)
REVIEW_ANCHOR_DATE = envdate("REVIEW_ANCHOR_DATE", datetime.date(2024, 1, 1))
REVIEW_OVERDUE_DAYS = envint("REVIEW_OVERDUE_DAYS", 14)
REVIEW_BATCH_HOUR = envint("REVIEW_BATCH_HOUR", 6)
if REVIEW_INTERVAL_DAYS < 1 or REVIEW_OVERDUE_DAYS < 1:
    raise ConfigurationError("REVIEW_INTERVAL_DAYS and REVIEW_OVERDUE_DAYS must be at least 1.")
if not 0 <= REVIEW_BATCH_HOUR <= 23:
    raise ConfigurationError(f"REVIEW_BATCH_HOUR={REVIEW_BATCH_HOUR} is not an hour (0-23).")
# Four eyes: a reviewer does not approve, reject or send back a job they entered (a bulk upload
# on a contractor's behalf) or corrected last; another reviewer of the territory decides it
# (jobs/review/rules.py). Off only for a program with a single reviewer.
REVIEW_FOUR_EYES = envbool("REVIEW_FOUR_EYES", default=True)

# --- Quality assurance sample (seed 001 L27: "aim to inspect at least 10 percent of all jobs") ---
# The monthly sample (qa_inspections.sampling.sampler) tops every technician and every utility up to
# QA_TARGET_RATE of their jobs completed in the last QA_WINDOW_DAYS; newly certified technicians
# and those with a recent failed inspection, whose work is likelier to fail, to QA_BOOSTED_RATE.
QA_TARGET_RATE = envdecimal("QA_TARGET_RATE", "0.10")  # seed 001 L27: at least 10 percent
QA_BOOSTED_RATE = envdecimal("QA_BOOSTED_RATE", "0.20")
QA_WINDOW_DAYS = envint("QA_WINDOW_DAYS", 365)
if not 0 < QA_TARGET_RATE <= QA_BOOSTED_RATE <= 1:
    raise ConfigurationError(
        "Need 0 < QA_TARGET_RATE <= QA_BOOSTED_RATE <= 1 (e.g. 0.10 and 0.20)."
    )
if QA_WINDOW_DAYS < 1:
    raise ConfigurationError("QA_WINDOW_DAYS must be at least 1.")

# --- QA remediation (seed 001 L27: "Steps for remediation will be needed in cases where an
# inspection found work that was poor or failing") and inspection photos ---
# A failed inspection gives the technician QA_REMEDIATION_DAYS to respond and correct the work.
QA_REMEDIATION_DAYS = envint("QA_REMEDIATION_DAYS", 30)
# Inspection photos (PNG/JPEG by content) are private like proofs of training.
QA_PHOTO_MAX_BYTES = envint("QA_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
if QA_REMEDIATION_DAYS < 1 or QA_PHOTO_MAX_BYTES < 1:
    raise ConfigurationError("QA_REMEDIATION_DAYS and QA_PHOTO_MAX_BYTES must be at least 1.")

# --- Company administrators ---
# An invitation to join a company can be accepted for COMPANY_INVITATION_DAYS after it is sent.
COMPANY_INVITATION_DAYS = envint("COMPANY_INVITATION_DAYS", 14)
if COMPANY_INVITATION_DAYS < 1:
    raise ConfigurationError("COMPANY_INVITATION_DAYS must be at least 1.")

# --- Uploads ---
# Proof-of-training files live outside the web root and outside STATIC/MEDIA URLs; only a
# permission-checked view streams them (technicians.views.application_proof).
PRIVATE_MEDIA_ROOT = Path(envstr("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
PROOF_MAX_BYTES = envint("PROOF_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Bulk CSV upload of jobs (jobs.bulk.parse): the request only reads and stores the rows; the
# process_bulk_upload task sends each through the entry engine (measured on PostgreSQL: storing
# 5,000 rows about 1 s in the request; about 25 ms a row in the worker, so about 2 minutes,
# well inside CELERY_VISIBILITY_TIMEOUT). Without a broker the task runs in the request.
BULK_UPLOAD_MAX_BYTES = envint("BULK_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
BULK_UPLOAD_MAX_ROWS = envint("BULK_UPLOAD_MAX_ROWS", 5000)
if BULK_UPLOAD_MAX_BYTES < 1 or BULK_UPLOAD_MAX_ROWS < 1:
    raise ConfigurationError("BULK_UPLOAD_MAX_BYTES and BULK_UPLOAD_MAX_ROWS must be at least 1.")
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Static files ---
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic writes here in production (WhiteNoise serves it); development serves the app
# and vendor folders directly through the staticfiles finders.
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles"))) if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "registry.lib.throttling.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Rate limits (registry/lib/throttling.py): "<number>/<s|min|hour|day>".
    "DEFAULT_THROTTLE_CLASSES": [
        "registry.lib.throttling.AnonThrottle",
        "registry.lib.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": envrate("API_ANON_RATE", "60/min"),
        # Per user, any token: far above what a person or a sync client needs.
        "user": envrate("API_USER_RATE", "1200/min"),
        # Failures of one API token from one client address before that token is refused there
        # for a while; other tokens from the same address are not affected (a NAT is shared).
        "failed_token": envrate("API_FAILED_TOKEN_RATE", "20/min"),
    },
    # The client address the per-address limits count: behind our TLS proxy, the address it
    # appended to X-Forwarded-For (anything before it is the client's to invent); otherwise the
    # connection's own address.
    "NUM_PROXIES": 1 if BEHIND_TLS_PROXY else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PTCS Site Registry API",
    "DESCRIPTION": "Technicians, jobs and territory of the PTCS Site Registry.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: the registry must work on a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets shared by several fields get one schema name.
    "ENUM_NAME_OVERRIDES": {"DuctBlasterRingEnum": "jobs.dictionary.fields.RINGS"},
}

# --- Internationalisation ---
LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"  # the Pacific Northwest; stored as UTC
USE_I18N = True
USE_TZ = True

# --- Security (production) ---
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", default=True)
    # Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}
