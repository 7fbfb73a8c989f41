"""Mail leaves over real SMTP when EMAIL_URL says smtp://host:port; mailers_from_url."""

import re

from django.test import Client

from accounts.core.clients import Client as RecoveryClient
from accounts.recovery import reset as recovery
from jmo.settings import mailers_from_url
from tests.journey import request_code


def test_code_email_goes_out_over_smtp_with_text_and_html(member, smtp_inbox):
    request_code(Client(), member.email)
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == member.email
    assert message["Subject"] == "Kode verifikasi JMO Anda"
    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]


def test_code_sent_over_smtp_is_the_one_that_verifies(member, smtp_inbox):
    request_code(Client(), member.email)
    message = smtp_inbox.messages[0]
    text = message.get_body(("plain",)).get_content()
    code = re.search(r"^\s+(\d{6})\s*$", text, re.MULTILINE).group(1)
    assert code in message.get_body(("html",)).get_content()
    assert recovery.verify_reset_code(member.email, code, RecoveryClient())


def test_unregistered_address_gets_nothing_over_smtp(db, smtp_inbox):
    request_code(Client(), "nobody@example.com")
    assert smtp_inbox.messages == []


# --- EMAIL_URL to MAILERS ------------------------------------------------------

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def test_smtp_tls_url_becomes_an_smtp_mailer_with_starttls():
    mailer = mailers_from_url("smtp+tls://user:pw@mail.example.com:587")["default"]
    assert mailer["BACKEND"] == SMTP_BACKEND
    options = mailer["OPTIONS"]
    assert (options["host"], options["port"]) == ("mail.example.com", 587)
    assert (options["username"], options["password"]) == ("user", "pw")
    assert (options["use_tls"], options["use_ssl"]) == (True, False)


def test_smtp_ssl_url_becomes_an_smtp_mailer_with_implicit_tls():
    options = mailers_from_url("smtp+ssl://user:pw@mail.example.com:465")["default"][
        "OPTIONS"
    ]
    assert (options["use_tls"], options["use_ssl"]) == (False, True)


def test_smtp_url_without_a_port_uses_port_25():
    options = mailers_from_url("smtp://mail.example.com")["default"]["OPTIONS"]
    assert options["port"] == 25


def test_percent_encoded_username_and_password_are_decoded():
    url = "smtp+tls://noreply%40example.com:p%40ss@mail.example.com:587"
    options = mailers_from_url(url)["default"]["OPTIONS"]
    assert (options["username"], options["password"]) == ("noreply@example.com", "p@ss")


def test_consolemail_url_becomes_the_console_mailer():
    assert mailers_from_url("consolemail://") == {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }
