"""A real SMTP server on a free loopback port (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest


class Inbox:
    """Messages the local SMTP server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        """aiosmtpd's hook: keep the message."""
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"

    def body(self, n: int = -1) -> str:
        """The decoded text of message n."""
        return str(self.messages[n].get_content())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A running SMTP server and its inbox; stopped at the end of the test."""
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: tuple[Inbox, int]) -> dict[str, Any]:
    """The test app sends mail to the local SMTP server."""
    app_config.update({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp[1], "SERVER_NAME": "maturity.test"})
    return app_config


@pytest.fixture
def inbox(smtp: tuple[Inbox, int]) -> Inbox:
    """What the local SMTP server received."""
    return smtp[0]
