"""Production settings that the suite's own overrides would otherwise hide."""

import os
import subprocess
import sys
from pathlib import Path

from django.utils.module_loading import import_string

from jmo import settings as production

ROOT = Path(__file__).resolve().parents[2]


def import_settings(show="s.MAILERS", **environment):
    """Import the settings afresh, without SECRET_KEY or DEBUG unless given."""
    unset = {"SECRET_KEY", "DEBUG", "SECURE_SSL_REDIRECT"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", f"import jmo.settings as s; print({show})"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_argon2_hashes_every_new_password_in_production():
    assert production.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_argon2_library_is_installed():
    hasher = import_string(production.PASSWORD_HASHERS[0])()
    encoded = hasher.encode("BPjs234", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("BPjs234", encoded)


def test_language_and_time_zone_are_indonesian():
    assert production.LANGUAGE_CODE == "id"
    assert production.TIME_ZONE == "Asia/Jakarta"


def test_common_passwords_are_refused_with_the_product_rule():
    names = [validator["NAME"] for validator in production.AUTH_PASSWORD_VALIDATORS]
    assert "django.contrib.auth.password_validation.CommonPasswordValidator" in names
    assert "accounts.core.validators.MinimumLengthValidator" in names


def test_secret_key_is_required_when_debug_is_off():
    result = import_settings()
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG" in result.stderr


def test_empty_secret_key_is_refused_when_debug_is_off():
    result = import_settings(SECRET_KEY="")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG" in result.stderr


def test_debug_runs_without_a_secret_key_and_prints_mail_to_the_console():
    result = import_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "console.EmailBackend" in result.stdout


def test_malformed_debug_value_stops_the_start():
    result = import_settings(DEBUG="perhaps", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'perhaps'" in result.stderr


def test_debug_off_turns_on_https_hsts_and_secure_cookies():
    shown = "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    shown += "s.SECURE_HSTS_SECONDS"
    result = import_settings(show=shown, SECRET_KEY="x" * 50)
    assert result.stdout.strip() == "True True True 31536000"


def test_csp_allows_only_our_own_scripts_and_styles():
    assert production.SECURE_CSP["script-src"] == ["'self'"]
    assert production.SECURE_CSP["style-src"] == ["'self'"]
    assert production.X_FRAME_OPTIONS == "DENY"


def test_email_links_point_to_runserver_in_debug():
    result = import_settings(show="s.JMO_SITE_URL", DEBUG="1")
    assert result.stdout.strip() == "http://127.0.0.1:8000"


def test_email_links_point_to_the_public_site_by_default_in_production():
    result = import_settings(show="s.JMO_SITE_URL", SECRET_KEY="x" * 50)
    assert result.stdout.strip() == "https://jmo.bpjsketenagakerjaan.go.id"


def test_the_site_address_comes_from_the_environment_without_a_trailing_slash():
    result = import_settings(
        show="s.JMO_SITE_URL", SECRET_KEY="x" * 50, JMO_SITE_URL="https://jmo.id/"
    )
    assert result.stdout.strip() == "https://jmo.id"


def test_unverified_accounts_are_released_after_a_week_by_default():
    assert production.JMO_UNVERIFIED_ACCOUNT_DAYS == 7
