"""Rehat's one settings module, configured by environment variables.

`migrate && runserver` works with no configuration at all (two SQLite files in
./data). Production sets REHAT_PRODUCTION=true and then must give a real
SECRET_KEY and ALLOWED_HOSTS; see docs/operations.md for every variable.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from rehat.lib.env import (
    ConfigurationError,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("REHAT_DATA_DIR", str(Path.cwd() / "data")))

DEV_SECRET_KEY = "rehat-development-only-not-secret"

PRODUCTION = env_bool("REHAT_PRODUCTION")
DEBUG = env_bool("REHAT_DEBUG")
SECRET_KEY = env_secret("SECRET_KEY", DEV_SECRET_KEY)
TESTING = "pytest" in sys.modules

# Wraps the data keys of everything sealed at rest (token signing keys, later health
# data). Development derives it from SECRET_KEY; production must set its own.
MASTER_KEY = env_secret("REHAT_MASTER_KEY") or f"dev-master:{SECRET_KEY}"

if PRODUCTION:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ConfigurationError(
            "REHAT_PRODUCTION=true needs SECRET_KEY (or SECRET_KEY_FILE) of 32+ characters"
        )
    if DEBUG:
        raise ConfigurationError("REHAT_DEBUG must not be true in production")
    if len(env_secret("REHAT_MASTER_KEY")) < 32:
        raise ConfigurationError("REHAT_PRODUCTION=true needs REHAT_MASTER_KEY of 32+ characters")


_unknown = sorted(
    name
    for name in os.environ
    if name.startswith("REHAT_")
    and name
    not in {
        "REHAT_PRODUCTION",
        "REHAT_DEBUG",
        "REHAT_DATA_DIR",
        "REHAT_ALLOWED_HOSTS",
        "REHAT_SITE_URL",
        "REHAT_EMAIL_URL",
        "REHAT_DEFAULT_FROM_EMAIL",
        "REHAT_MIN_BUCKET",
        "REHAT_MIN_GROUP",
        "REHAT_URLCONF",
        "REHAT_IMPORT_MAX_BYTES",
        "REHAT_INSTRUMENTS_DIR",
        "REHAT_LESSONS_DIR",
        "REHAT_EPSILON_PER_PERIOD",
        "REHAT_EPSILON_PER_YEAR",
        "REHAT_ALERT_PERIODS",
        "REHAT_ALERT_WHO5_BELOW",
        "REHAT_ALERT_BURNOUT_ABOVE",
        "REHAT_TASKS_IMMEDIATE",
        "REHAT_MASTER_KEY",
        "REHAT_MASTER_KEY_FILE",
        "REHAT_TOKEN_KEY_BITS",
        "REHAT_SHUFFLE_BATCH",
        "REHAT_SCREENING_MONTHS",
        "REHAT_VOICE_TOKENS",
        "REHAT_URGENT_REPLY_HOURS",
        "REHAT_REPLY_WORKING_HOURS",
        "REHAT_CONVERSATION_RETENTION_DAYS",
        "REHAT_ARGON2",
    }
)
if PRODUCTION and _unknown:
    raise ConfigurationError(f"unknown settings: {', '.join(_unknown)}")

ALLOWED_HOSTS = env_list(
    "REHAT_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
SITE_URL = env_str("REHAT_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "rehat.accounts",
    "rehat.audit",
    "rehat.organizations",
    "rehat.instruments",
    "rehat.checkins",
    "rehat.responses",
    "rehat.conversations",
    "rehat.listening",
    "rehat.schedule",
    "rehat.leave",
    "rehat.releases",
    "rehat.insights",
    "rehat.counseling",
    "rehat.workload",
    "rehat.worktime",
    "rehat.lessons",
    "rehat.vault",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rehat.lib.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = env_str("REHAT_URLCONF", "rehat.urls")
WSGI_APPLICATION = "rehat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rehat.organizations.context_processors.roles",
            ],
        },
    },
]

# Two sides, kept apart physically (docs/architecture.md). The router sends each
# model to its side; no foreign key crosses.
_sqlite_options = {
    # WAL with synchronous=NORMAL: no corruption on a crash; a power cut may lose the
    # last commits. Production runs on PostgreSQL.
    "init_command": (
        "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
}


def _database(url_variable: str, sqlite_name: str) -> dict[str, object]:
    url = env_secret(url_variable)
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        return config
    # Zero-configuration default: two SQLite files in the data folder.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / sqlite_name,
        "OPTIONS": _sqlite_options,
    }


DATABASES = {
    "default": _database("DATABASE_URL", "identity.sqlite3"),
    "anonymous": _database("ANONYMOUS_DATABASE_URL", "anonymous.sqlite3"),
}
DATABASE_ROUTERS = ["rehat.routers.SideRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["rehat.accounts.backends.NipOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from finders here
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

_email_url = env_secret("REHAT_EMAIL_URL")
if _email_url.startswith("smtp"):
    _email = urlsplit(_email_url)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email.hostname or "localhost",
                "port": _email.port or 587,
                "username": _email.username or "",
                "password": _email.password or "",
                "use_tls": _email.scheme == "smtp+tls",
            },
        }
    }
elif _email_url:
    raise ConfigurationError("REHAT_EMAIL_URL must start with smtp:// or smtp+tls://")
else:
    # The demo and development print mail to the console.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("REHAT_DEFAULT_FROM_EMAIL", "Rehat <rehat@localhost>")

# Background work: Django's Tasks API on a database queue (`rehat worker`).
# Tests and REHAT_TASKS_IMMEDIATE=true run tasks inline.
if TESTING or env_bool("REHAT_TASKS_IMMEDIATE"):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Anonymity thresholds (DESIGN.md): token buckets and released groups.
REHAT_MIN_BUCKET = env_int("REHAT_MIN_BUCKET", 20)
REHAT_MIN_GROUP = max(5, env_int("REHAT_MIN_GROUP", 10))
# RSA blind-signature key size: 3072 (default, 128-bit security) or 2048 (RFC 9578 type 2).
REHAT_TOKEN_KEY_BITS = env_int("REHAT_TOKEN_KEY_BITS", 2048 if TESTING else 3072)
if REHAT_TOKEN_KEY_BITS not in (2048, 3072):
    raise ConfigurationError("REHAT_TOKEN_KEY_BITS must be 2048 or 3072")
# Length of a screening period in calendar months (the weekly pulse is always a week).
REHAT_SCREENING_MONTHS = env_int("REHAT_SCREENING_MONTHS", 1)
if REHAT_SCREENING_MONTHS not in (1, 2, 3, 4, 6, 12):
    raise ConfigurationError("REHAT_SCREENING_MONTHS must be 1, 2, 3, 4, 6 or 12")
# Ruang Dengar conversations an employee can open per screening period (voice tokens).
REHAT_VOICE_TOKENS = max(1, env_int("REHAT_VOICE_TOKENS", 3))
# Ruang Dengar: reply deadlines (urgent in hours, normal in working hours), how long a
# closed conversation is kept, and the Argon2id cost of deriving keys from receipts
# and counselor passwords ("interactive", "moderate"; tests use the minimum).
REHAT_URGENT_REPLY_HOURS = max(1, env_int("REHAT_URGENT_REPLY_HOURS", 1))
REHAT_REPLY_WORKING_HOURS = max(1, env_int("REHAT_REPLY_WORKING_HOURS", 4))
REHAT_CONVERSATION_RETENTION_DAYS = max(7, env_int("REHAT_CONVERSATION_RETENTION_DAYS", 90))
REHAT_ARGON2 = "min" if TESTING else env_str("REHAT_ARGON2", "interactive")
if REHAT_ARGON2 not in ("min", "interactive", "moderate"):
    raise ConfigurationError("REHAT_ARGON2 must be interactive or moderate")
# Released aggregates (docs/insights.md): differential-privacy budget per bucket, and the
# rule for alerts (that many released periods in a row past a threshold).
REHAT_EPSILON_PER_PERIOD = env_float("REHAT_EPSILON_PER_PERIOD", 1.0)
REHAT_EPSILON_PER_YEAR = env_float("REHAT_EPSILON_PER_YEAR", 70.0)
REHAT_ALERT_PERIODS = max(1, env_int("REHAT_ALERT_PERIODS", 3))
REHAT_ALERT_WHO5_BELOW = env_float("REHAT_ALERT_WHO5_BELOW", 50.0)
REHAT_ALERT_BURNOUT_ABOVE = env_float("REHAT_ALERT_BURNOUT_ABOVE", 0.30)
# Accepted check-ins wait until this many of a bucket are pending, then move shuffled.
REHAT_SHUFFLE_BATCH = max(2, env_int("REHAT_SHUFFLE_BATCH", 10))

# Agency replacements for instrument texts and crisis resources (docs/instruments.md).
INSTRUMENTS_DIR = env_str("REHAT_INSTRUMENTS_DIR")
# Agency lessons for leaders: extra or replacement content files (docs/lessons.md).
LESSONS_DIR = env_str("REHAT_LESSONS_DIR")

REHAT_IMPORT_MAX_BYTES = env_int("REHAT_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = REHAT_IMPORT_MAX_BYTES

# No request logging of our own: the access log of anonymous paths must carry no IP,
# user agent or time. Errors go to stderr without request details.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        # Never Django's mail_admins handler: its mails carry request details.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
