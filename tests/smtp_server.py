"""A real SMTP server for the tests (aiosmtpd), listening on a free port of 127.0.0.1.

It keeps what it accepts, and can be told to refuse the next messages (a failing server) or
to hold the next one without answering (a send that never finishes, to kill its worker).
"""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = 0  # refuse this many messages with a temporary error, then accept
        self.refused = 0
        self.hold = False  # hold the next message until released, then refuse it
        self.holding = threading.Event()
        self.released = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook
        if self.hold:
            self.hold = False
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 The sender went away"
        with self.lock:
            if self.refuse > 0:
                self.refuse -= 1
                self.refused += 1
                return "451 4.3.0 Try again later"
            message = email.message_from_bytes(envelope.content, policy=default)
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def of(self, kind: str | None) -> list[EmailMessage]:
        return [m for m in self.messages if kind is None or m["X-Tracker-Kind"] == kind]

    def to(self, address: str, kind: str | None = None) -> list[EmailMessage]:
        return [m for m in self.of(kind) if address in str(m["To"])]

    def recipients(self, kind: str | None = None) -> list[str]:
        return sorted(str(m["To"].addresses[0].addr_spec) for m in self.of(kind))

    def clear(self) -> None:
        self.messages.clear()


class SmtpServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.mailbox.released.set()
        self.controller.stop()
