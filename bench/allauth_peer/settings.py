"""
A minimal django-allauth project, the peer of bench/peer.py: password reset by code,
log in by email, our Argon2 hasher, PostgreSQL, Redis, mail by SMTP in the request.
Only allauth's documented settings; no allauth code is copied here.
"""

import os
from urllib.parse import urlparse

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "peer-bench-key-0123456789abcdefghijklmnop")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "urls"
WSGI_APPLICATION = "wsgi.application"
USE_TZ = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "allauth",
    "allauth.account",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]

# The same hashers as jmo/settings.py, Argon2 first; under bench/peer.py the same
# Argon2, charging each hash's CPU to a file (counting_hasher.py).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if os.environ.get("BENCH_HASH_CPU_FILE"):
    PASSWORD_HASHERS[0] = "counting_hasher.CountingArgon2Hasher"

database = urlparse(
    os.environ.get(
        "PEER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_allauth"
    )
)
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": database.path.lstrip("/"),
        "USER": database.username or "",
        "PASSWORD": database.password or "",
        "HOST": database.hostname or "",
        "PORT": database.port or "",
        # Django's default (a new connection per request) unless peer.py is asked to
        # give the peer persistent connections too.
        "CONN_MAX_AGE": int(os.environ.get("PEER_CONN_MAX_AGE", "0")),
        "CONN_HEALTH_CHECKS": True,
    }
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("PEER_CACHE_URL", "redis://127.0.0.1:6379/12"),
    }
}
# Sessions in the database, as ours.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("PEER_SMTP_PORT", "25"))
DEFAULT_FROM_EMAIL = "peer@example.com"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
# Six digits, as ours (and as the bench's SMTP sink reads them).
ACCOUNT_PASSWORD_RESET_BY_CODE_CODE_FORMAT = {
    "numeric": True,
    "length": 6,
    "dashed": False,
}
# One address sends all the load: lift the per-IP limits, keep the per-account ones
# (as bench/run.py does for ours).
ACCOUNT_RATE_LIMITS = {
    "reset_password": "5/m/key",
    "reset_password_from_key": None,
    "login": None,
    "login_failed": "5/300s/key",
}
LOGIN_REDIRECT_URL = "/"
