"""The invitation e-mail, in the inviting owner's language."""

from __future__ import annotations

from flask_babel import gettext as _

from ...models import Enterprise
from ..account import mail


def send_invite(to: str, enterprise: Enterprise, link: str) -> bool:
    """Send the one-time link; False when the SMTP server (MAIL_SERVER) could not take it."""
    subject = _("Invitation to the self-assessment team of %(name)s", name=enterprise.name)
    body = _(
        "You have been invited to join the smart-manufacturing maturity self-assessment of %(name)s.\n\n"
        "Open this link within 14 days to join (it works once):\n%(link)s\n",
        name=enterprise.name,
        link=link,
    )
    return mail.send(to, subject, body)
