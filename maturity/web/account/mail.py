"""Outgoing mail through the configured SMTP server (standard library smtplib)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

log = logging.getLogger(__name__)


def send(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; False (and a log line) when the SMTP server cannot be reached."""
    config = current_app.config
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_DEFAULT_SENDER"], to, subject
    message["Message-ID"] = make_msgid(domain=str(config["MAIL_DEFAULT_SENDER"]).rpartition("@")[2] or None)
    message.set_content(body)
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_class(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        # The page answers the same whether or not mail went out, so the failure is only logged.
        log.exception("could not send mail to the SMTP server %s:%s", config["MAIL_SERVER"], config["MAIL_PORT"])
        return False
    return True
