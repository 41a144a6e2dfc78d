"""A real SMTP server (aiosmtpd) for tests: it keeps what it accepted and refuses on demand.

Like any SMTP server it takes a message on only when it answers 250 to its DATA, so a client
that dies before that answer has delivered nothing.
"""

from __future__ import annotations

import asyncio
import email
import threading
import time
from email import policy

from aiosmtpd.controller import Controller

from tests.subprocess_env import free_port


class RefusingSink:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refused_addresses: set[str] = set()  # answered 550 at RCPT TO, for good
        self.busy_answers = 0  # how many more DATA commands get a 451 (try again later)
        self.delay_seconds = 0.0  # each accepted message waits this long before its 250
        self.accepted = threading.Event()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused_addresses:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.busy_answers:
                self.busy_answers -= 1
                return "451 4.3.0 Mailbox busy, try again later"
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.accepted_at = time.time()  # just before the "250": the client has it next
        with self.lock:
            self.messages.append(message)
        self.accepted.set()
        return "250 2.0.0 Accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        with self.lock:
            return [message for message in self.messages if message["To"] == address]

    def count_by_recipient(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self.lock:
            for message in self.messages:
                counts[message["To"]] = counts.get(message["To"], 0) + 1
        return counts


def start_sink() -> tuple[RefusingSink, Controller]:
    sink = RefusingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    return sink, controller
