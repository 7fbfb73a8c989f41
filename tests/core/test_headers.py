"""Clickjacking, CSP, referrer and content-type headers on every page."""

import pytest
from django.urls import reverse

PAGES = [
    "accounts:login",
    "accounts:forgot_password",
    "accounts:help",
    "accounts:healthz",
    "admin:login",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_forbids_framing_and_inline_code(client, db, name):
    response = client.get(reverse(name))
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_error_pages_carry_the_headers_too(client, db):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize(
    "name", ["accounts:login", "accounts:forgot_password", "accounts:help"]
)
def test_pages_carry_no_inline_script_or_style(client, db, name):
    page = client.get(reverse(name)).text
    assert "<script>" not in page and "<style" not in page
    assert " style=" not in page and " onclick=" not in page
