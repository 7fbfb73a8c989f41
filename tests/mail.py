"""Mail servers for the tests: a real SMTP server on 127.0.0.1, and a broken one."""

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy
from smtplib import SMTPServerDisconnected

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from django.core.mail.backends.base import BaseEmailBackend


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


@contextmanager
def running_smtp_inbox():
    """A real SMTP server on a free port, yielding (inbox, port)."""
    inbox = Inbox()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        yield inbox, port
    finally:
        server.stop()


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise SMTPServerDisconnected("connection refused")
