"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it accepts, for the partner e-mail
channel: per-address refusals, random 451 "try later" answers, counts per Message-ID."""

from __future__ import annotations

import random
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd handler: every accepted message; ``refuse`` maps address → one reply."""

    def __init__(self, *, fault_rate: float = 0.0, seed: int = 0) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse: dict[str, str] = {}
        self.fault_rate = fault_rate
        self.rng = random.Random(seed)
        self.env: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.refuse:
            return self.refuse.pop(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.fault_rate and self.rng.random() < self.fault_rate:
            return "451 4.3.0 Coba lagi nanti"
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpts, m in self.messages if address in rcpts]

    def ids(self, address: str) -> list[str]:
        return [str(m["Message-ID"]) for m in self.to(address)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(inbox: Inbox, **server: Any) -> Controller:
    """Start aiosmtpd for ``inbox`` on a free loopback port (``server``: aiosmtpd SMTP options)."""
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **server)
    controller.start()
    return controller
