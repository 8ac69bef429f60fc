"""Sending an e-mail through the configured SMTP server (MAIL_SERVER); without one, callers show the link instead."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


def configured() -> bool:
    """Whether an SMTP server is configured."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; False (and a log line) when no server is configured or it refuses."""
    config = current_app.config
    if not configured():
        return False
    message = EmailMessage()
    message["From"] = config.get("MAIL_SENDER") or "maturity@localhost"
    message["To"], message["Subject"] = to, subject
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("sending mail to the configured SMTP server failed")
        return False
    return True
