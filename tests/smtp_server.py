"""A real SMTP server on localhost (aiosmtpd) for the e-mail tests: it keeps every message it accepted, and can be
told to refuse the next ones with a temporary error (451) to test retries."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)  # type: ignore[return-value]


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse_next: int = 0  # refuse this many DATA commands with 451
    delay: float = 0.0  # seconds per message, so two runs overlap
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("onbekend@"):
            return "550 5.1.1 Onbekend adres (test)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return "451 4.3.0 Tijdelijk niet beschikbaar (test)"
        if self.delay:
            time.sleep(self.delay)  # blocks this server's loop: deliveries are serial, as on a slow relay
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content
                                                                                            or envelope.content)))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        return list(self.handler.received)

    def env(self) -> dict[str, str]:
        """The settings for `naarnul notify` and the portal: plain SMTP on localhost (no TLS, no login)."""
        return {"NAARNUL_SMTP_HOST": "127.0.0.1", "NAARNUL_SMTP_PORT": str(self.port),
                "NAARNUL_SMTP_FROM": "portaal@naarnul.test", "NAARNUL_SMTP_SECURITY": "none"}


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free localhost port; `.received` holds what it accepted."""
    server = SmtpServer().start()
    yield server
    server.stop()
