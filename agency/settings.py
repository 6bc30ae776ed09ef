"""Suits settings: one module, driven by the environment.

With nothing set you get the embedded default (SQLite in the project folder, Celery
tasks run in-process, e-mail to the console, DEBUG on), which is what `make run` uses.
Production differs only by environment; `.env.example` lists every variable.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-embedded-default-for-local-use-only")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
else:
    # A production deploy must bring its own key and hosts; refuse to start otherwise.
    SECRET_KEY = env("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("Set SECRET_KEY to a random string of 50 or more characters.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names Suits is served on.")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "agency",
    "clients",
    "accounts",
    "briefs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "agency.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "agency.middleware.ErrorPageMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "agency.urls"
WSGI_APPLICATION = "agency.wsgi.application"
ASGI_APPLICATION = "agency.asgi.application"

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
                "agency.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Sessions are read from the cache and written through to the database: one query less
# on every page, and nothing lost when the cache is emptied.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Staff and log-in
AUTH_USER_MODEL = "agency.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out pair never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "agency.permissions.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Five failed log-ins for one user name from one address lock that pair out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies the client's address is in X-Forwarded-For; without it every
# client shares the proxy's address, and one lock-out is everyone's. See client_address.
PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "agency.middleware.client_address"

# Internationalisation
# British English: day-first dates and a 24-hour clock, as agencies in Europe write them.
LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["agency.formats"]
LANGUAGES = [("en-gb", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
AGENCY_CURRENCY = env("AGENCY_CURRENCY", default="EUR")

# Static files: Bootstrap and htmx come from npm at set-up (node_modules, not committed).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Suits <suits@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery. Without a broker, tasks run in-process, so `make run` needs no services.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
# In-process, a failing task retries as it would on a worker instead of failing the request.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Tasks are idempotent, so acknowledge after running: a worker that dies mid-task
# hands the message to another instead of losing it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 120
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message not acknowledged within the visibility timeout is redelivered. It must be
# longer than the longest countdown or retry delay, or Redis hands a task out twice.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# Don't hold a web request for long when the broker is down: the notification row is
# already saved, and the sweep sends it once the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
NOTIFICATION_EMAIL_MAX_RETRIES = 5
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep-unsent": {
        "task": "agency.tasks.sweep_unsent_notifications",
        "schedule": timedelta(minutes=5),
    },
    "requests-remind-untriaged": {
        "task": "briefs.tasks.remind_untriaged_requests",
        "schedule": timedelta(minutes=30),
    },
    "feedback-sweep-unrouted": {
        "task": "briefs.tasks.sweep_unrouted_feedback",
        "schedule": timedelta(minutes=5),
    },
    "briefs-remind-dates": {
        "task": "briefs.tasks.remind_brief_dates",
        "schedule": timedelta(hours=1),
    },
    "budgets-remind-waiting": {
        "task": "accounts.tasks.remind_waiting_budgets",
        "schedule": timedelta(hours=1),
    },
    "health-nightly": {
        "task": "accounts.tasks.nightly_health",
        "schedule": crontab(hour=2, minute=30),
    },
    "contracts-remind-renewal": {
        "task": "accounts.tasks.remind_contract_renewals",
        "schedule": timedelta(hours=6),
    },
}

# Content security policy: everything from our own origin, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Production hardening; `check --deploy --fail-level WARNING` passes with DEBUG=false.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Overridable only for a plain-HTTP load test on loopback (make loadtest); never in production.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 12

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Demo mode: the demo log-ins with password "demo" exist only while DEBUG is on.
DEMO_MODE = DEBUG

# Requests nobody triaged within this many working days remind their owner and manager.
REQUEST_TRIAGE_WORKING_DAYS = 1

# Client feedback rounds included per job; a round beyond them is billable scope and
# is routed to the account's managers.
BRIEF_INCLUDED_ROUNDS = env.int("BRIEF_INCLUDED_ROUNDS", default=2)
# Brief dates and deliverables due within this many working days remind their owner.
BRIEF_REMIND_WORKING_DAYS = 2

# Managers approve budgets up to this total; above it, only a director.
BUDGET_APPROVAL_LIMIT = Decimal(env("BUDGET_APPROVAL_LIMIT", default="25000"))
# A budget waiting longer than this for a decision reminds its approvers, once.
BUDGET_REMIND_WORKING_DAYS = 2

# Account health: each signal's weight (the points it can give), and the bands.
HEALTH_WEIGHTS = {
    "contact": env.int("HEALTH_WEIGHT_CONTACT", default=20),
    "sentiment": env.int("HEALTH_WEIGHT_SENTIMENT", default=15),
    "delivery": env.int("HEALTH_WEIGHT_DELIVERY", default=15),
    "rounds": env.int("HEALTH_WEIGHT_ROUNDS", default=15),
    "payments": env.int("HEALTH_WEIGHT_PAYMENTS", default=15),
    "scope": env.int("HEALTH_WEIGHT_SCOPE", default=10),
    "renewal": env.int("HEALTH_WEIGHT_RENEWAL", default=10),
}
HEALTH_GREEN_FROM = 76  # green from this score up
HEALTH_RED_UP_TO = 50  # red up to this score; amber between
# Changes to one account within this many seconds are recomputed together.
HEALTH_COALESCE_SECONDS = env.int("HEALTH_COALESCE_SECONDS", default=2)
