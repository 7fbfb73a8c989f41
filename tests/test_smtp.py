"""Mail leaves over real SMTP when EMAIL_URL says smtp://host:port."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from django.test import Client

from jmo.settings import mailers_from_url

from .journey import request_code


class Inbox(Sink):
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    settings.MAILERS = mailers_from_url(f"smtp://127.0.0.1:{port}")
    yield inbox
    server.stop()


def test_code_email_goes_out_over_smtp_with_text_and_html(member, smtp_inbox):
    request_code(Client(), member.email)
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == member.email
    assert message["Subject"] == "Kode verifikasi JMO Anda"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    code = [line.strip() for line in text.splitlines() if line.strip().isdigit()]
    assert len(code) == 1 and len(code[0]) == 6
    assert code[0] in html


def test_unregistered_address_gets_nothing_over_smtp(db, smtp_inbox):
    request_code(Client(), "nobody@example.com")
    assert smtp_inbox.messages == []
