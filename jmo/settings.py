"""
JMO Web settings: one module, every value read from the environment.

The defaults are the embedded set-up (SQLite, local-memory cache, console mail, the
database task queue with the worker that `make run` starts); production sets
DATABASE_URL, CACHE_URL, EMAIL_URL and SECRET_KEY. `manage.py check --deploy`
refuses the embedded cache and in-request tasks (accounts/core/checks.py).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Like env.bool, but a value that is neither true nor false stops the start."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in TRUE_WORDS | FALSE_WORDS:
        return raw in TRUE_WORDS
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-only-key-" + "x" * 40)
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (export SECRET_KEY=...)."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts",
    # Operator-reviewed account recovery (Pemulihan Akun); it depends on accounts.
    "support",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_tasks_db",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which would read (and spool) an oversized upload.
    "support.middleware.RecoveryUploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.selfservice.middleware.DeviceSeenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.core.middleware.DatabaseUnavailableMiddleware",
    "accounts.core.middleware.BudgetExhaustedMiddleware",
]

ROOT_URLCONF = "jmo.urls"
WSGI_APPLICATION = "jmo.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# On PostgreSQL a worker keeps its connection between requests: opening one costs the
# server a new process and more CPU than a whole journey step. The health check (one
# SELECT 1 when a request first needs the database) replaces a connection that died
# with a restart. SQLite opens a file: nothing to keep.
IS_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "CONN_MAX_AGE", default=0 if IS_SQLITE else 600
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if IS_SQLITE:
    # runserver and the task worker write to one file: take the write lock when a
    # transaction begins (not on its first write, which can deadlock and fail at
    # once), so concurrent writes queue one after the other, waiting up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if "redis" in CACHES["default"]["BACKEND"]:
    # Django's, with one client per connection pool (accounts/core/redis_cache.py).
    CACHES["default"]["BACKEND"] = "accounts.core.redis_cache.RedisCache"
    # An unreachable Redis must cost a request milliseconds, not a hung worker: the
    # throttles then let requests through and log it (accounts/throttle.py).
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=env.float("CACHE_TIMEOUT_SECONDS", default=0.5),
        socket_timeout=env.float("CACHE_TIMEOUT_SECONDS", default=0.5),
    )

# --- Authentication ---------------------------------------------------------

AUTH_USER_MODEL = "accounts.Member"
# The admin login goes through the same lockout as the member login.
AUTHENTICATION_BACKENDS = ["accounts.login.backends.LockoutBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Argon2 first: new and upgraded hashes use it; the others only verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# The product's rule (6+ characters, upper, lower, digit), one validator per rule.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.core.validators.MinimumLengthValidator"},
    {"NAME": "accounts.core.validators.MaximumLengthValidator"},
    {"NAME": "accounts.core.validators.UppercaseValidator"},
    {"NAME": "accounts.core.validators.LowercaseValidator"},
    {"NAME": "accounts.core.validators.DigitValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
# Sessions live in the database, which every app server shares (and which survives a
# Redis outage). The reset journey's verified state is kept there, never in a cookie.
SESSION_ENGINE = "accounts.core.sessions"

# --- Security parameters of the recovery journey (see DESIGN.md) ------------

# A code is valid for 10 minutes after it is sent.
JMO_CODE_TTL_SECONDS = env.int("JMO_CODE_TTL_SECONDS", default=600)
# 5 wrong guesses kill a code: a guesser's odds stay at 5 in a million per code.
JMO_CODE_MAX_ATTEMPTS = env.int("JMO_CODE_MAX_ATTEMPTS", default=5)
# A new code for the same member no sooner than 60 s after the last one.
JMO_CODE_RESEND_COOLDOWN_SECONDS = env.int(
    "JMO_CODE_RESEND_COOLDOWN_SECONDS", default=60
)
# At most 5 codes an hour and 10 a day per member: caps guesses and mailbox spam.
JMO_CODES_PER_HOUR = env.int("JMO_CODES_PER_HOUR", default=5)
JMO_CODES_PER_DAY = env.int("JMO_CODES_PER_DAY", default=10)
# After a correct code, 10 minutes to choose the new password in the same session.
JMO_VERIFIED_SESSION_TTL_SECONDS = env.int(
    "JMO_VERIFIED_SESSION_TTL_SECONDS", default=600
)
# 5 consecutive wrong passwords lock the account for 30 minutes.
JMO_LOGIN_MAX_FAILURES = env.int("JMO_LOGIN_MAX_FAILURES", default=5)
JMO_LOCKOUT_SECONDS = env.int("JMO_LOCKOUT_SECONDS", default=1800)
# Per-IP throttles, per hour. Generous because Indonesian mobile carriers put many
# members behind one address (carrier-grade NAT); the per-member limits are strict.
JMO_IP_RESET_REQUESTS_PER_HOUR = env.int("JMO_IP_RESET_REQUESTS_PER_HOUR", default=30)
JMO_IP_CODE_ATTEMPTS_PER_HOUR = env.int("JMO_IP_CODE_ATTEMPTS_PER_HOUR", default=60)
JMO_IP_LOGIN_ATTEMPTS_PER_HOUR = env.int("JMO_IP_LOGIN_ATTEMPTS_PER_HOUR", default=100)
JMO_IP_REGISTRATIONS_PER_HOUR = env.int("JMO_IP_REGISTRATIONS_PER_HOUR", default=20)
# "Daftar" tries per NIK per hour: one NIK cannot be tried against many KPJ numbers
# and dates of birth (from any number of addresses).
JMO_REGISTRATIONS_PER_NIK_PER_HOUR = env.int(
    "JMO_REGISTRATIONS_PER_NIK_PER_HOUR", default=5
)
# "Lupa Akun" tries per address and per NIK per hour, like "Daftar": a match shows
# the account's masked email.
JMO_IP_FIND_ACCOUNT_PER_HOUR = env.int("JMO_IP_FIND_ACCOUNT_PER_HOUR", default=20)
JMO_FIND_ACCOUNT_PER_NIK_PER_HOUR = env.int(
    "JMO_FIND_ACCOUNT_PER_NIK_PER_HOUR", default=5
)
# Password hashes one client address may cause a minute (accounts/core/limits.py).
JMO_HASHES_PER_ADDRESS_PER_MINUTE = env.int(
    "JMO_HASHES_PER_ADDRESS_PER_MINUTE", default=20
)
# Ubah Kata Sandi and Ubah Email requests per member per hour.
JMO_ACCOUNT_CHANGES_PER_MEMBER_PER_HOUR = env.int(
    "JMO_ACCOUNT_CHANGES_PER_MEMBER_PER_HOUR", default=5
)
# Mails of any kind into one mailbox per day.
JMO_MAILS_PER_ADDRESS_PER_DAY = env.int("JMO_MAILS_PER_ADDRESS_PER_DAY", default=10)
# A known browser (device cookie) may mistype the password this often in the lockout
# time before it is treated like an unknown one.
JMO_KNOWN_DEVICE_MAX_FAILURES = env.int("JMO_KNOWN_DEVICE_MAX_FAILURES", default=10)

# Security events are kept a year, then `manage.py purgecodes` deletes them.
JMO_SECURITY_EVENT_RETENTION_DAYS = env.int(
    "JMO_SECURITY_EVENT_RETENTION_DAYS", default=365
)
# An account opened by "Daftar" whose email was never verified and that never logged
# in is deleted by `manage.py purgecodes` after 7 days, so its participant can
# register again (e.g. with the address they meant to type).
JMO_UNVERIFIED_ACCOUNT_DAYS = env.int("JMO_UNVERIFIED_ACCOUNT_DAYS", default=7)

# --- Pemulihan Akun (support/) ---------------------------------------------------

# No request is applied before 24 hours have passed without an objection from the
# registered address ("Bukan saya").
JMO_RECOVERY_WAIT_HOURS = env.int("JMO_RECOVERY_WAIT_HOURS", default=24)
# Two different operators must approve a request before it is applied.
JMO_RECOVERY_APPROVALS = env.int("JMO_RECOVERY_APPROVALS", default=2)
# The KTP photo and selfie are deleted 30 days after the decision; the decision and
# its reasons stay (`manage.py purgecodes`).
JMO_RECOVERY_IMAGE_DAYS = env.int("JMO_RECOVERY_IMAGE_DAYS", default=30)
# A request nobody decided within 14 days lapses (kedaluwarsa), by the same command.
JMO_RECOVERY_EXPIRY_DAYS = env.int("JMO_RECOVERY_EXPIRY_DAYS", default=14)
# Requests per client address and per NIK a day: each one mails a registered
# address and puts work in the operators' queue.
JMO_RECOVERY_REQUESTS_PER_ADDRESS_PER_DAY = env.int(
    "JMO_RECOVERY_REQUESTS_PER_ADDRESS_PER_DAY", default=5
)
JMO_RECOVERY_REQUESTS_PER_NIK_PER_DAY = env.int(
    "JMO_RECOVERY_REQUESTS_PER_NIK_PER_DAY", default=3
)
# Posts of the recovery form per address an hour: each one decodes two images.
JMO_RECOVERY_FORMS_PER_ADDRESS_PER_HOUR = env.int(
    "JMO_RECOVERY_FORMS_PER_ADDRESS_PER_HOUR", default=20
)
# Status look-ups and "Bukan saya" confirmations per address an hour: each one
# tries a request number or a token.
JMO_RECOVERY_LOOKUPS_PER_ADDRESS_PER_HOUR = env.int(
    "JMO_RECOVERY_LOOKUPS_PER_ADDRESS_PER_HOUR", default=20
)

# --- Email ------------------------------------------------------------------


def mailers_from_url(url: str) -> dict:
    """Build Django 6.1's MAILERS from an EMAIL_URL (smtp://, smtp+tls://, ...)."""
    config = environ.Env.email_url_config(url)
    backend = config["EMAIL_BACKEND"]
    if not backend.endswith("smtp.EmailBackend"):
        return {"default": {"BACKEND": backend}}
    options = {
        "host": config["EMAIL_HOST"],
        "port": config["EMAIL_PORT"] or 25,
        "username": config["EMAIL_HOST_USER"],
        "password": config["EMAIL_HOST_PASSWORD"],
        "use_tls": config.get("EMAIL_USE_TLS", False),
        "use_ssl": config.get("EMAIL_USE_SSL", False),
        "timeout": env.int("EMAIL_TIMEOUT_SECONDS", default=10),
    }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers_from_url(
    env.str("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="JMO BPJS Ketenagakerjaan <noreply@jmo.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address the links in emails point to, always from this setting and never from
# a request's Host header (which a client chooses). DEBUG defaults to runserver's
# address; otherwise the default is the public site, which production should still
# set explicitly.
JMO_SITE_URL = env.str(
    "JMO_SITE_URL",
    default="http://127.0.0.1:8000"
    if DEBUG
    else "https://jmo.bpjsketenagakerjaan.go.id",
).rstrip("/")

# --- Tasks ------------------------------------------------------------------

# A queue even on the embedded default: the reset request only stores a task, so it
# does the same work for every address; the worker (`manage.py db_worker`, started by
# `make run`) sends the mail. The test suite runs tasks immediately
# (tests/environment.py).
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}

# --- Language and time ------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
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

# --- HTTP security ----------------------------------------------------------

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
# How many reverse proxies in front of the app append to X-Forwarded-For. With 0 the
# header is ignored (a client could forge it) and REMOTE_ADDR is the client IP.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One line per task start and finish is noise; failures still show.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}
