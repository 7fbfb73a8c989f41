"""
A real SMTP server for the benchmark: it accepts every message and appends
"<recipient> <six-digit code>" to a file for each code email, so the load driver
can read codes as members read them, from their mail.

    python bench/smtp_sink.py PORT CODES_FILE
"""

import re
import sys
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

CODE_LINE = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)


class CodeCollector:
    def __init__(self, path):
        self.out = open(path, "a", buffering=1)

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        match = CODE_LINE.search(message.get_body(("plain",)).get_content())
        if match:
            for recipient in envelope.rcpt_tos:
                self.out.write(f"{recipient} {match.group(1)}\n")
        return "250 OK"


if __name__ == "__main__":
    port, path = int(sys.argv[1]), sys.argv[2]
    Controller(CodeCollector(path), hostname="127.0.0.1", port=port).start()
    while True:
        time.sleep(3600)
