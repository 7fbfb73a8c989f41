"""
The same code with DEBUG off under gunicorn: WhiteNoise serves the hashed static files,
and the security headers are on behind a TLS proxy.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.mail import free_port
from tests.services import inherited_environment

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def fetch(url, **headers):
    """GET as the TLS proxy would forward it."""
    request = urllib.request.Request(
        url, headers={"X-Forwarded-Proto": "https", **headers}
    )
    return urllib.request.urlopen(request)


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    env = {
        **inherited_environment(),
        "DEBUG": "false",
        "SECRET_KEY": "production-shape-test-key-0123456789abcdefghijklmnop",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "BEHIND_TLS_PROXY": "true",
        "SECURE_SSL_REDIRECT": "true",
    }
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        manage = [sys.executable, "manage.py", *command]
        subprocess.run(manage, cwd=ROOT, env=env, check=True)
    return env


@pytest.fixture(scope="module")
def gunicorn(production_env):
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "jmo.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            fetch(base + "/login/")
            break
        except OSError:
            time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(timeout=10)


def test_login_page_and_hashed_stylesheet_are_served_with_debug_off(gunicorn):
    page = fetch(gunicorn + "/login/")
    html = page.read().decode()
    assert "Lupa Kata Sandi" in html
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    stylesheet = html.split('rel="stylesheet" href="')[1].split('"')[0]
    assert (
        stylesheet.startswith("/static/css/jmo.")
        and stylesheet != "/static/css/jmo.css"
    )
    css = fetch(gunicorn + stylesheet)
    assert css.status == 200
    assert "immutable" in css.headers["Cache-Control"]


def test_plain_http_is_redirected_to_https(gunicorn):
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(gunicorn + "/login/")
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"].startswith("https://")


def test_session_and_csrf_cookies_are_secure(gunicorn):
    cookies = fetch(gunicorn + "/login/").headers.get_all("Set-Cookie")
    csrf = next(cookie for cookie in cookies if cookie.startswith("csrftoken="))
    assert "Secure" in csrf and "HttpOnly" in csrf and "SameSite=Lax" in csrf


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_check_deploy_is_clean_with_the_production_environment(production_env):
    env = {
        **production_env,
        "CACHE_URL": "redis://127.0.0.1:6379/15",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": "smtp+tls://user:secret@smtp.example:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
