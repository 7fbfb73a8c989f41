"""Every email (accounts/core/emails.py) and the notice of a spent code budget."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from accounts.core import emails
from accounts.core.clients import Client
from accounts.models import SecurityEvent, VerificationCode
from accounts.recovery import reset as recovery
from tests.journey import FORGOT

EN = Client(ip="203.0.113.9", user_agent="pytest", language="en")
ID = Client(ip="203.0.113.9", user_agent="pytest", language="id")
# 10.58 in Jakarta (UTC+7).
SENT = datetime(2026, 11, 26, 3, 58, tzinfo=UTC)
SITE = "https://jmo.example.id"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.JMO_SITE_URL = SITE


def send_each(member):
    """Every kind of email, once, to the member; in the active language."""
    emails.send_reset_code(member, "123456")
    emails.send_email_code(member, "email_verification", "123456", member.email)
    emails.send_email_code(member, "email_change", "123456", "baru@example.com")
    emails.send_not_eligible(member)
    emails.send_password_changed(member)
    emails.send_email_in_use(member)
    emails.send_email_changed(member, "lama@example.com")
    emails.send_operator_change(member, ["unlocked"], member.email)
    emails.send_code_limit(
        member, "password_reset", "code_hourly_cap", SENT, member.email
    )


@pytest.fixture
def every_email(member, mailoutbox):
    with translation.override("en"):
        send_each(member)
    return mailoutbox


def test_every_email_says_when_it_was_sent_in_wib(member, mailoutbox):
    with time_machine.travel(SENT, tick=False), translation.override("en"):
        send_each(member)
    for message in mailoutbox:
        assert "Sent 26 November 2026 at 10:58 WIB" in message.body
        assert "Sent 26 November 2026 at 10:58 WIB" in message.alternatives[0].content


def test_the_time_reads_the_indonesian_way_in_indonesian():
    with translation.override("id"):
        assert emails.format_wib(SENT) == "26 November 2026 pukul 10.58 WIB"


def test_the_time_is_jakarta_time_whatever_the_active_zone(settings):
    settings.TIME_ZONE = "UTC"
    with translation.override("en"):
        assert emails.format_wib(SENT) == "26 November 2026 at 10:58 WIB"


def test_every_email_has_a_plain_text_and_an_html_part(every_email):
    assert len(every_email) == 9
    for message in every_email:
        assert message.body.strip()
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html" and html.startswith("<!doctype html>")


def test_the_html_part_loads_nothing_from_elsewhere(every_email):
    for message in every_email:
        html = message.alternatives[0].content
        assert "<img" not in html and "<link" not in html and "@import" not in html
        assert "<script" not in html
        for url in re.findall(r'href="([^"]+)"', html):
            assert url.startswith((SITE + "/", "mailto:", "tel:")), url


def test_the_html_part_has_the_jmo_header_and_is_sized_for_phones(every_email):
    for message in every_email:
        html = message.alternatives[0].content
        assert 'name="viewport"' in html and "max-width:560px" in html
        assert "background:#00794c" in html and "Jamsostek Mobile" in html


def test_the_code_stands_on_its_own_line_of_the_plain_text(every_email):
    with_code = [m for m in every_email if "123456" in m.body]
    assert len(with_code) == 3
    for message in with_code:
        assert re.search(r"^\s+123456\s*$", message.body, re.MULTILINE)


@pytest.mark.parametrize(
    ("send", "path"),
    [
        (lambda m: emails.send_reset_code(m, "123456"), "/forgot-password/code/"),
        (
            lambda m: emails.send_email_code(m, "email_verification", "1", m.email),
            "/email/verify/",
        ),
        (emails.send_password_changed, "/login/"),
        (emails.send_email_in_use, "/login/"),
        (emails.send_not_eligible, "/help/"),
        (lambda m: emails.send_email_changed(m, "lama@example.com"), "/help/"),
        (lambda m: emails.send_operator_change(m, ["unlocked"], m.email), "/login/"),
    ],
)
def test_each_email_links_back_to_its_page(member, mailoutbox, send, path):
    send(member)
    assert f"{SITE}{path}" in mailoutbox[0].body
    assert f'href="{SITE}{path}"' in mailoutbox[0].alternatives[0].content


def test_links_use_the_site_address_and_never_the_host_header(
    client, member, mailoutbox, settings
):
    settings.ALLOWED_HOSTS = ["attacker.example"]
    client.post(FORGOT, {"email": member.email}, HTTP_HOST="attacker.example")
    message = mailoutbox[0]
    assert f"{SITE}/forgot-password/code/" in message.body
    assert "attacker.example" not in message.body
    assert "attacker.example" not in message.alternatives[0].content


@pytest.mark.parametrize(
    ("send", "text"),
    [
        (
            lambda m: emails.send_reset_code(m, "123456"),
            "If you did not ask to reset your password, ignore this email",
        ),
        (
            lambda m: emails.send_email_code(m, "email_verification", "1", m.email),
            "If you did not ask for this, ignore this email",
        ),
        (emails.send_password_changed, "If this was not you, someone may know"),
        (emails.send_email_in_use, "If it was not you, you need not do anything"),
        (
            lambda m: emails.send_email_changed(m, "lama@example.com"),
            "If this was not you, call the call centre at 175",
        ),
        (
            lambda m: emails.send_operator_change(m, ["unlocked"], m.email),
            "If you did not ask for this, call the call centre at 175",
        ),
    ],
)
def test_each_email_says_what_to_do_if_it_was_not_you(member, mailoutbox, send, text):
    with translation.override("en"):
        send(member)
    assert text in mailoutbox[0].body
    assert text in mailoutbox[0].alternatives[0].content


# The not-eligible email: a way back that needs no login.


def test_the_not_eligible_email_offers_help_without_logging_in(
    member_factory, mailoutbox
):
    pending = member_factory(eligible=False)
    recovery.request_reset(pending.email, EN)
    body = mailoutbox[0].body
    assert "You do not need to log in to get help" in body
    assert "call centre at 175 or write to care@bpjsketenagakerjaan.go.id" in body
    assert f"Or use Account recovery:\n  {SITE}/help/" in body
    assert "Open the JMO app" not in body


# The notice of a spent code budget.


def ask_codes(member, times, client=EN):
    for _ in range(times):
        recovery.request_reset(member.email, client)


def notices(mailbox):
    return [m for m in mailbox if not re.search(r"^\s+\d{6}\s*$", m.body, re.M)]


@pytest.fixture
def no_cooldown(settings):
    settings.JMO_CODE_RESEND_COOLDOWN_SECONDS = 0


@pytest.fixture
def roomy_mailbox(settings):
    """Room for more than a day of codes: 10 codes fill the default mailbox budget."""
    settings.JMO_MAILS_PER_ADDRESS_PER_DAY = 20


def test_past_the_hourly_cap_one_email_says_when_a_code_can_be_asked_for(
    member, mailoutbox, no_cooldown
):
    with time_machine.travel(SENT, tick=False) as clock:
        ask_codes(member, 1)
        clock.shift(timedelta(minutes=10))
        ask_codes(member, 5)
    [notice] = notices(mailoutbox)
    assert notice.subject == "Your new JMO code could not be sent yet"
    assert "at most 5 codes can be sent in an hour" in notice.body
    # The first code leaves the hour at 11.58: then a sixth fits.
    assert "You can ask for a new code again from 26 November 2026 at 11:58 WIB" in (
        notice.body
    )
    assert f"{SITE}/forgot-password/" in notice.body


def test_the_hourly_notice_is_sent_once_an_hour(
    member, mailoutbox, no_cooldown, roomy_mailbox
):
    with time_machine.travel(SENT, tick=False) as clock:
        ask_codes(member, 8)
        assert len(notices(mailoutbox)) == 1
        clock.shift(timedelta(minutes=61))
        ask_codes(member, 6)
    assert len(notices(mailoutbox)) == 2
    assert SecurityEvent.objects.filter(kind="code_limit_notice").count() == 2


def test_past_the_daily_cap_the_notice_names_the_next_day(
    member, mailoutbox, no_cooldown, roomy_mailbox
):
    with time_machine.travel(SENT, tick=False) as clock:
        for _ in range(2):
            ask_codes(member, 5)
            clock.shift(timedelta(hours=1))
        mailoutbox.clear()
        ask_codes(member, 3)
    [notice] = notices(mailoutbox)
    assert "at most 10 codes can be sent in a day" in notice.body
    assert "again from 27 November 2026 at 10:58 WIB" in notice.body


def test_the_daily_notice_is_sent_once_a_day(
    member, mailoutbox, no_cooldown, roomy_mailbox
):
    with time_machine.travel(SENT, tick=False) as clock:
        for _ in range(2):
            ask_codes(member, 5)
            clock.shift(timedelta(hours=1))
        for _ in range(3):
            ask_codes(member, 2)
            clock.shift(timedelta(hours=2))
    daily = SecurityEvent.objects.filter(
        kind="code_limit_notice", detail="code_daily_cap"
    )
    assert daily.count() == 1


def test_the_cooldown_sends_no_notice(member, mailoutbox):
    ask_codes(member, 3)
    assert len(mailoutbox) == 1
    assert not SecurityEvent.objects.filter(kind="code_limit_notice").exists()


def test_the_notice_draws_from_the_mailbox_budget(
    member, mailoutbox, no_cooldown, settings
):
    settings.JMO_MAILS_PER_ADDRESS_PER_DAY = 5
    ask_codes(member, 6)
    assert len(mailoutbox) == 5 and not notices(mailoutbox)
    assert not SecurityEvent.objects.filter(kind="code_limit_notice").exists()


def test_a_notice_the_mail_server_refused_can_go_out_later(
    member, mailoutbox, no_cooldown, settings
):
    ask_codes(member, 5)
    settings.MAILERS = {"default": {"BACKEND": "tests.mail.BrokenMailServer"}}
    ask_codes(member, 1)
    assert not SecurityEvent.objects.filter(kind="code_limit_notice").exists()
    settings.MAILERS = {"default": {"BACKEND": LOCMEM}}
    ask_codes(member, 1)
    assert len(notices(mailoutbox)) == 1


def test_the_notice_is_in_the_language_of_the_request(member, mailoutbox, no_cooldown):
    ask_codes(member, 6, client=ID)
    [notice] = notices(mailoutbox)
    assert notice.subject == "Kode JMO baru Anda belum dapat dikirim"


def test_the_notice_sends_no_code(member, mailoutbox, no_cooldown):
    ask_codes(member, 6)
    assert VerificationCode.objects.count() == 5
    assert not re.search(r"\d{6}", notices(mailoutbox)[0].alternatives[0].content)
